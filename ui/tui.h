/* The full-screen front end. */
#ifndef KEHOACH_UI_TUI_H
#define KEHOACH_UI_TUI_H

#include "kehoach/cli.h"

/* Run the full-screen view until the user quits; returns an exit status. */
int tui_run(const kh_tui_args *args);

#endif
