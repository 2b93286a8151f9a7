/* Colour schemes: dark, light and mono. */
#include "theme.h"

#include <stdlib.h>
#include <string.h>

#include "kehoach/i18n.h"

typedef struct style {
	short fg, bg;   /* -1: terminal default; see DEEP_* */
	attr_t attr;    /* added to the colour */
} style;

/* On a white background the basic green is pale and yellow unreadable:
 * with 256 colours the light theme takes deeper shades. */
#define DEEP_GREEN (-2)  /* 256: 28; else green */
#define DEEP_ORANGE (-3) /* 256: 130; else black on yellow */

#define STATE(s) [UI_STATE_FIRST + KH_STATE_##s]

static const style dark[UI_ELEM_COUNT] = {
	[UI_NORMAL] = {-1, -1, A_NORMAL},
	[UI_HEADER] = {COLOR_WHITE, COLOR_BLUE, A_BOLD},
	[UI_FOOTER] = {COLOR_BLACK, COLOR_CYAN, A_NORMAL},
	[UI_SELECTED] = {COLOR_BLACK, COLOR_WHITE, A_NORMAL},
	[UI_DIM] = {-1, -1, A_DIM},
	[UI_HEADING] = {-1, -1, A_BOLD},
	[UI_BORDER] = {COLOR_CYAN, -1, A_NORMAL},
	[UI_FIELD] = {COLOR_WHITE, COLOR_BLACK, A_UNDERLINE},
	[UI_FIELD_ACTIVE] = {COLOR_BLACK, COLOR_YELLOW, A_NORMAL},
	[UI_ERROR] = {COLOR_RED, -1, A_BOLD},
	[UI_BAR_FILL] = {COLOR_GREEN, -1, A_NORMAL},
	STATE(OVERDUE) = {COLOR_RED, -1, A_BOLD},
	STATE(BEHIND) = {COLOR_RED, -1, A_BOLD},
	STATE(MISSING_REPORT) = {COLOR_MAGENTA, -1, A_BOLD},
	STATE(AT_RISK) = {COLOR_YELLOW, -1, A_BOLD},
	STATE(NOT_DUE) = {-1, -1, A_NORMAL},
	STATE(ON_TRACK) = {COLOR_GREEN, -1, A_NORMAL},
	STATE(DONE) = {COLOR_GREEN, -1, A_NORMAL},
	STATE(EXCEEDED) = {COLOR_CYAN, -1, A_NORMAL},
};

static const style light[UI_ELEM_COUNT] = {
	[UI_NORMAL] = {-1, -1, A_NORMAL},
	[UI_HEADER] = {COLOR_WHITE, COLOR_BLUE, A_BOLD},
	[UI_FOOTER] = {COLOR_BLACK, COLOR_CYAN, A_NORMAL},
	[UI_SELECTED] = {COLOR_WHITE, COLOR_BLACK, A_NORMAL},
	[UI_DIM] = {-1, -1, A_DIM},
	[UI_HEADING] = {-1, -1, A_BOLD},
	[UI_BORDER] = {COLOR_BLUE, -1, A_NORMAL},
	[UI_FIELD] = {COLOR_BLACK, COLOR_WHITE, A_UNDERLINE},
	[UI_FIELD_ACTIVE] = {COLOR_BLACK, COLOR_CYAN, A_NORMAL},
	[UI_ERROR] = {COLOR_RED, -1, A_BOLD},
	[UI_BAR_FILL] = {DEEP_GREEN, -1, A_NORMAL},
	STATE(OVERDUE) = {COLOR_RED, -1, A_BOLD},
	STATE(BEHIND) = {COLOR_RED, -1, A_BOLD},
	STATE(MISSING_REPORT) = {COLOR_MAGENTA, -1, A_BOLD},
	STATE(AT_RISK) = {DEEP_ORANGE, -1, A_BOLD},
	STATE(NOT_DUE) = {-1, -1, A_NORMAL},
	STATE(ON_TRACK) = {DEEP_GREEN, -1, A_NORMAL},
	STATE(DONE) = {DEEP_GREEN, -1, A_NORMAL},
	STATE(EXCEEDED) = {COLOR_BLUE, -1, A_NORMAL},
};

/* Without colour: reverse for the selection, bold for headings and what
 * needs attention, underline for fields. */
static const attr_t mono[UI_ELEM_COUNT] = {
	[UI_NORMAL] = A_NORMAL,
	[UI_HEADER] = A_REVERSE | A_BOLD,
	[UI_FOOTER] = A_REVERSE,
	[UI_SELECTED] = A_REVERSE,
	[UI_DIM] = A_NORMAL,
	[UI_HEADING] = A_BOLD,
	[UI_BORDER] = A_NORMAL,
	[UI_FIELD] = A_UNDERLINE,
	[UI_FIELD_ACTIVE] = A_REVERSE | A_UNDERLINE,
	[UI_ERROR] = A_BOLD | A_UNDERLINE,
	[UI_BAR_FILL] = A_NORMAL,
	STATE(OVERDUE) = A_BOLD | A_UNDERLINE,
	STATE(BEHIND) = A_BOLD,
	STATE(MISSING_REPORT) = A_BOLD,
	STATE(AT_RISK) = A_BOLD,
	STATE(NOT_DUE) = A_NORMAL,
	STATE(ON_TRACK) = A_NORMAL,
	STATE(DONE) = A_NORMAL,
	STATE(EXCEEDED) = A_NORMAL,
};

static const struct {
	const char *name;
	const style *styles; /* NULL: mono */
} themes[] = {
	{"dark", dark},
	{"light", light},
	{"mono", NULL},
};

static int selected;  /* index into themes */
static bool colour;

bool theme_select(const char *name, kh_error *err)
{
	for (size_t i = 0; i < sizeof themes / sizeof themes[0]; i++)
		if (strcmp(name, themes[i].name) == 0) {
			selected = (int)i;
			return true;
		}
	kh_error_set(err, KH_EUSAGE, _("\"%s\" is not a theme: use dark, "
				       "light or mono"), name);
	return false;
}

const char *theme_selected(void)
{
	return themes[selected].name;
}

static void pick(style s, short *fg, short *bg)
{
	bool deep = COLORS >= 256;
	*fg = s.fg;
	*bg = s.bg;
	if (s.fg == DEEP_GREEN) {
		*fg = deep ? 28 : COLOR_GREEN;
	} else if (s.fg == DEEP_ORANGE) {
		*fg = deep ? 130 : COLOR_BLACK;
		*bg = deep ? -1 : COLOR_YELLOW;
	}
}

void theme_init(void)
{
	const char *no_colour = getenv("NO_COLOR");
	const style *styles = themes[selected].styles;
	colour = styles && has_colors() && !(no_colour && *no_colour) &&
		 start_color() == OK;
	if (!colour)
		return;
	use_default_colors();
	for (int e = 0; e < UI_ELEM_COUNT; e++) {
		short fg, bg;
		pick(styles[e], &fg, &bg);
		init_pair((short)(e + 1), fg, bg);
	}
}

bool theme_has_colour(void)
{
	return colour;
}

attr_t theme_attr(ui_elem e)
{
	if ((int)e < 0 || e >= UI_ELEM_COUNT)
		return A_NORMAL;
	if (!colour)
		return mono[e];
	return COLOR_PAIR(e + 1) | themes[selected].styles[e].attr;
}

attr_t theme_state(kh_state s)
{
	if ((int)s < 0 || s >= KH_STATE_COUNT)
		return A_NORMAL;
	return theme_attr((ui_elem)(UI_STATE_FIRST + s));
}
