/* Translation: GNU gettext, with English as the source language.
 *
 * _("...") translates at run time; N_("...") marks a string in a static
 * table for extraction, to be translated with _() where it is shown.
 * The language is chosen once per run (lang_choose in lang.h) before any
 * text is shown; machine formats (JSON, status CSV, ids) never go
 * through _(). */
#ifndef KEHOACH_I18N_H
#define KEHOACH_I18N_H

#include <libintl.h>

#define _(s) gettext(s)
#define N_(s) (s)

#endif
