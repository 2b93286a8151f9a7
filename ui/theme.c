/* Colour schemes. */
#include "theme.h"

#include <stdlib.h>

typedef struct style {
	short fg, bg;   /* -1: terminal default */
	attr_t attr;    /* added to the colour */
	attr_t mono;    /* used alone without colour */
} style;

static const style styles[UI_ELEM_COUNT] = {
	[UI_NORMAL] = {-1, -1, A_NORMAL, A_NORMAL},
	[UI_HEADER] = {COLOR_WHITE, COLOR_BLUE, A_BOLD, A_REVERSE | A_BOLD},
	[UI_FOOTER] = {COLOR_BLACK, COLOR_CYAN, A_NORMAL, A_REVERSE},
	[UI_SELECTED] = {COLOR_BLACK, COLOR_WHITE, A_NORMAL, A_REVERSE},
	[UI_DIM] = {-1, -1, A_DIM, A_NORMAL},
	[UI_HEADING] = {-1, -1, A_BOLD, A_BOLD},
	[UI_BORDER] = {COLOR_CYAN, -1, A_NORMAL, A_NORMAL},
	[UI_FIELD] = {COLOR_WHITE, COLOR_BLACK, A_UNDERLINE, A_UNDERLINE},
	[UI_FIELD_ACTIVE] = {COLOR_BLACK, COLOR_YELLOW, A_NORMAL,
			     A_REVERSE | A_UNDERLINE},
	[UI_ERROR] = {COLOR_RED, -1, A_BOLD, A_BOLD | A_UNDERLINE},
	[UI_BAR_FILL] = {COLOR_GREEN, -1, A_NORMAL, A_NORMAL},
	[UI_STATE_FIRST + KH_STATE_OVERDUE] = {COLOR_RED, -1, A_BOLD,
					       A_BOLD | A_UNDERLINE},
	[UI_STATE_FIRST + KH_STATE_BEHIND] = {COLOR_RED, -1, A_BOLD, A_BOLD},
	[UI_STATE_FIRST + KH_STATE_MISSING_REPORT] = {COLOR_MAGENTA, -1,
						      A_BOLD, A_BOLD},
	[UI_STATE_FIRST + KH_STATE_AT_RISK] = {COLOR_YELLOW, -1, A_BOLD, A_BOLD},
	[UI_STATE_FIRST + KH_STATE_NOT_DUE] = {-1, -1, A_NORMAL, A_NORMAL},
	[UI_STATE_FIRST + KH_STATE_ON_TRACK] = {COLOR_GREEN, -1, A_NORMAL,
						A_NORMAL},
	[UI_STATE_FIRST + KH_STATE_DONE] = {COLOR_GREEN, -1, A_NORMAL, A_NORMAL},
	[UI_STATE_FIRST + KH_STATE_EXCEEDED] = {COLOR_CYAN, -1, A_NORMAL,
						A_NORMAL},
};

static bool colour;

void theme_init(void)
{
	const char *no_colour = getenv("NO_COLOR");
	colour = has_colors() && !(no_colour && *no_colour) &&
		 start_color() == OK;
	if (!colour)
		return;
	use_default_colors();
	for (int e = 0; e < UI_ELEM_COUNT; e++)
		init_pair((short)(e + 1), styles[e].fg, styles[e].bg);
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
		return styles[e].mono;
	return COLOR_PAIR(e + 1) | styles[e].attr;
}

attr_t theme_state(kh_state s)
{
	if ((int)s < 0 || s >= KH_STATE_COUNT)
		return A_NORMAL;
	return theme_attr((ui_elem)(UI_STATE_FIRST + s));
}
