/* Colours and attributes: one table [scheme][element].  The monochrome
 * scheme (no colours, NO_COLOR set, TERM=vt100) uses bold, reverse and
 * underline only; statuses also carry ASCII marks, so nothing depends on
 * colour. */
#ifndef KEHOACH_UI_THEME_H
#define KEHOACH_UI_THEME_H

#include <curses.h>
#include <stdbool.h>

#include "kehoach/schedule.h"

typedef enum ui_elem {
	UI_NORMAL,
	UI_HEADER,     /* the title bar */
	UI_FOOTER,     /* the key hints */
	UI_SELECTED,   /* the cursor row */
	UI_DIM,        /* secondary text */
	UI_HEADING,    /* section rows, titles in panes */
	UI_BORDER,
	UI_FIELD,      /* a form field */
	UI_FIELD_ACTIVE,
	UI_ERROR,      /* a refused input's reason */
	UI_BAR_FILL,   /* progress bar, filled part */
	UI_STATE_FIRST /* then one element per kh_state */
} ui_elem;

#define UI_ELEM_COUNT (UI_STATE_FIRST + KH_STATE_COUNT)

/* Choose the scheme: colour when the terminal has colours and NO_COLOR is
 * unset or empty; call after initscr/newterm. */
void theme_init(void);

/* Whether colours are in use. */
bool theme_has_colour(void);

/* The attributes (colour pair included) for an element. */
attr_t theme_attr(ui_elem e);

/* The attributes for a status (colour, plus bold for those that need
 * attention). */
attr_t theme_state(kh_state s);

#endif
