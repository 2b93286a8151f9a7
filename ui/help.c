/* The help dialog: every action with its keys as bound (the config file
 * may have changed them), read from the table the dispatcher uses.  On a
 * wide screen it also names each action as the config file's keys:
 * section does. */
#include <stdio.h>
#include <string.h>

#include "draw.h"
#include "kehoach/i18n.h"
#include "keys.h"
#include "theme.h"
#include "tui_impl.h"

#define KEYS_COLS 14
#define NAME_COLS 14
/* From this dialog width the action names get their own column. */
#define NAMES_FROM_W 100

static void draw_help(dlg *d, int scroll)
{
	werase(d->win);
	box(d->win, 0, 0);
	bool names = d->w >= NAMES_FROM_W;
	draw_text(d->win, 0, 2,
		  names ? _(" Keys (name in config.yaml) — any other key "
			    "closes ")
			: _(" Keys — any other key closes "),
		  d->w - 4, theme_attr(UI_HEADING));
	int help_x = 3 + KEYS_COLS + (names ? NAME_COLS + 1 : 0);
	int y = 1;
	for (int a = 1; a < ACT_COUNT && y < d->h - 1; a++) {
		if (a - 1 < scroll)
			continue;
		char keys[64];
		keys_for_action((action)a, keys, sizeof keys);
		const action_info *info = keys_info((action)a);
		draw_text(d->win, y, 2, keys, KEYS_COLS, theme_attr(UI_HEADING));
		if (names)
			draw_text(d->win, y, 3 + KEYS_COLS, info->name,
				  NAME_COLS, theme_attr(UI_DIM));
		draw_text(d->win, y, help_x, info->help, d->w - help_x - 2,
			  A_NORMAL);
		y++;
	}
	if (ACT_COUNT - 1 > d->h - 2) {
		char down[32], up[32], hint[96];
		keys_first(ACT_DOWN, down, sizeof down);
		keys_first(ACT_UP, up, sizeof up);
		snprintf(hint, sizeof hint, _(" %s/%s scroll "), down, up);
		draw_text(d->win, d->h - 1, 2, hint, d->w - 4,
			  theme_attr(UI_DIM));
	}
}

void help_show(tui *t)
{
	dlg d = {0};
	int scroll = 0;
	for (;;) {
		int want_h = ACT_COUNT + 1;
		int want_w = COLS >= NAMES_FROM_W + 4 ? NAMES_FROM_W : 76;
		if (!dlg_place(&d, want_h, want_w, NULL))
			break;
		int max_scroll = ACT_COUNT - 1 - (d.h - 2);
		if (scroll > max_scroll)
			scroll = max_scroll > 0 ? max_scroll : 0;
		draw_help(&d, scroll);
		update_panels();
		doupdate();
		wint_t key;
		int kind = dlg_get_key(&t->host, &key);
		if (kind == KEY_CODE_YES && key == KEY_RESIZE)
			continue;
		/* Scroll with the arrows and whatever moves down/up. */
		action act = kind == ERR ? ACT_NONE
					 : keys_lookup(key, kind == KEY_CODE_YES);
		bool down = (kind == KEY_CODE_YES && key == KEY_DOWN) ||
			    act == ACT_DOWN;
		bool up = (kind == KEY_CODE_YES && key == KEY_UP) ||
			  act == ACT_UP;
		if (down && scroll < max_scroll)
			scroll++;
		else if (up && scroll > 0)
			scroll--;
		else if (!down && !up)
			break;
	}
	dlg_close(&d);
}
