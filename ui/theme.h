/* Colours and attributes, one table per theme: dark (light text on a dark
 * terminal), light (dark text on a white one, no yellow on white) and mono
 * (bold, reverse and underline only).  Mono is also what a terminal
 * without colours, or NO_COLOR set, gets whatever the theme asked for.
 * Statuses also carry ASCII marks, so nothing depends on colour. */
#ifndef KEHOACH_UI_THEME_H
#define KEHOACH_UI_THEME_H

#include <curses.h>
#include <stdbool.h>

#include "kehoach/error.h"
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

/* The theme to use, "dark", "light" or "mono" (config_theme's choice);
 * before theme_init.  False with err filled for another name. */
bool theme_select(const char *name, kh_error *err);

/* The theme selected ("dark" until theme_select). */
const char *theme_selected(void);

/* Start the selected theme: colours unless it is mono, the terminal has
 * none, or NO_COLOR is set and not empty; call after initscr/newterm. */
void theme_init(void);

/* Whether colours are in use. */
bool theme_has_colour(void);

/* The attributes (colour pair included) for an element. */
attr_t theme_attr(ui_elem e);

/* The attributes for a status (colour, plus bold for those that need
 * attention). */
attr_t theme_state(kh_state s);

#endif
