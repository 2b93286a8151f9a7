/* The language people read: Vietnamese or English.
 *
 * It decides the gettext catalogue, and how numbers are written for people
 * (a decimal comma in Vietnamese).  Dates for people are dd/mm/yyyy (in
 * English the command line writes ISO dates); files and machine formats
 * keep ISO dates and a decimal point. */
#ifndef KEHOACH_LANG_H
#define KEHOACH_LANG_H

#include <stdbool.h>
#include <stddef.h>

typedef enum kh_lang { KH_LANG_EN = 0, KH_LANG_VI } kh_lang;

/* "vi", "en" (also "vi_VN.UTF-8", "en_GB", "Vietnamese", "tiếng việt",
 * "english", any case).  False if it names neither. */
bool lang_parse(const char *text, kh_lang *out);

/* "vi" or "en". */
const char *lang_code(kh_lang l);

/* The language the locale asks for (LANGUAGE, LC_ALL, LC_MESSAGES, LANG):
 * Vietnamese when the first of them set starts with "vi", else English. */
kh_lang lang_from_locale(void);

/* Bind the message catalogue (call once, after setlocale).  localedir may
 * be NULL: the installed one, found beside the binary first so an
 * installed tree can be moved (DESTDIR), then the build tree's, then the
 * configured prefix's. */
void lang_init(const char *localedir);

/* Switch every later _() and lang_number() to l.  Works whatever the
 * locale, including C and C.UTF-8 only machines. */
void lang_use(kh_lang l);

/* The language in use (English until lang_use is called). */
kh_lang lang_current(void);

/* A number for people in the language in use: kh_number_text's digits with
 * a decimal comma in Vietnamese.  Returns buf. */
char *lang_number(double v, char *buf, size_t size);

/* The same decimal separator rule applied to text holding a number
 * written with '.', in place. */
void lang_decimal_in_place(char *s);

#endif
