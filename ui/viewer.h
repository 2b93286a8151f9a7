/* A scrollable text in a dialog: the report preview, an import's diff,
 * lists to choose from. */
#ifndef KEHOACH_UI_VIEWER_H
#define KEHOACH_UI_VIEWER_H

#include <stdbool.h>
#include <stddef.h>

#include "dialog.h"

/* Show text (lines separated by '\n', wrapped to the box; from the
 * program or already neutralised by draw_*) in a box filling most of the
 * screen, titled title, with hint in the bottom border ("s save · Esc
 * close").  j/k, arrows, PgUp/PgDn, g/G scroll.  When `select` is true a
 * line is highlighted and moves with j/k, and Enter returns with *line
 * set to its index (0-based, in text's lines).  Returns the key that
 * closed it: a key listed in `keys` (e.g. "sy"), '\n' for Enter when
 * selecting, or 27 for Esc/q. */
int viewer_run(const dlg_host *host, const char *title, const char *hint,
	       const char *text, bool select, size_t *line, const char *keys);

#endif
