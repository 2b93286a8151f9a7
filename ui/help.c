/* The help dialog: every action with its keys, read from the key table
 * the dispatcher uses. */
#include <stdio.h>

#include "draw.h"
#include "keys.h"
#include "theme.h"
#include "tui_impl.h"

#define KEYS_COLS 18

static void draw_help(dlg *d, int scroll)
{
	werase(d->win);
	box(d->win, 0, 0);
	draw_text(d->win, 0, 2, " Keys — any other key closes ", d->w - 4,
		  theme_attr(UI_HEADING));
	int y = 1;
	for (int a = 1; a < ACT_COUNT && y < d->h - 1; a++) {
		if (a - 1 < scroll)
			continue;
		char keys[64];
		keys_for_action((action)a, keys, sizeof keys);
		draw_text(d->win, y, 2, keys, KEYS_COLS, theme_attr(UI_HEADING));
		draw_text(d->win, y, 3 + KEYS_COLS, keys_info((action)a)->help,
			  d->w - KEYS_COLS - 5, A_NORMAL);
		y++;
	}
	if (ACT_COUNT - 1 > d->h - 2)
		draw_text(d->win, d->h - 1, 2, " j/k scroll ", d->w - 4,
			  theme_attr(UI_DIM));
}

void help_show(tui *t)
{
	dlg d = {0};
	int scroll = 0;
	for (;;) {
		int want_h = ACT_COUNT + 1;
		if (!dlg_place(&d, want_h, 76, NULL))
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
		bool down = (kind == KEY_CODE_YES && key == KEY_DOWN) ||
			    (kind == OK && key == 'j');
		bool up = (kind == KEY_CODE_YES && key == KEY_UP) ||
			  (kind == OK && key == 'k');
		if (down && scroll < max_scroll)
			scroll++;
		else if (up && scroll > 0)
			scroll--;
		else if (!down && !up)
			break;
	}
	dlg_close(&d);
}
