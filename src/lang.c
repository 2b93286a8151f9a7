/* The language people read, and gettext's catalogue for it. */
#include "kehoach/lang.h"

#include <libintl.h>
#include <limits.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "config.h"
#include "kehoach/entry.h"
#include "kehoach/paths.h"
#include "kehoach/text.h"

#define DOMAIN "kehoach"

static kh_lang current = KH_LANG_EN;

bool lang_parse(const char *text, kh_lang *out)
{
	if (!text)
		return false;
	char *folded = text_fold(text);
	if (!folded)
		return false;
	/* "vi", "vi_VN.UTF-8", "vi-VN"; "en", "en_GB"; or the name. */
	/* text_fold turned '_' into a blank. */
	bool tag = folded[0] && folded[1] && strchr(" -.", folded[2]);
	bool ok = true;
	if ((tag && strncmp(folded, "vi", 2) == 0) ||
	    strcmp(folded, "vietnamese") == 0 ||
	    strcmp(folded, "tieng viet") == 0)
		*out = KH_LANG_VI;
	else if ((tag && strncmp(folded, "en", 2) == 0) ||
		 strcmp(folded, "english") == 0 ||
		 strcmp(folded, "tieng anh") == 0)
		*out = KH_LANG_EN;
	else
		ok = false;
	free(folded);
	return ok;
}

const char *lang_code(kh_lang l)
{
	return l == KH_LANG_VI ? "vi" : "en";
}

kh_lang lang_from_locale(void)
{
	const char *names[] = {"LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"};
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		const char *v = getenv(names[i]);
		if (v && *v) {
			if (strcmp(v, "C") == 0 || strcmp(v, "POSIX") == 0 ||
			    strncasecmp(v, "C.", 2) == 0) {
				/* LANGUAGE is a list: "C" ends it. */
				if (i == 0)
					continue;
				return KH_LANG_EN;
			}
			return strncasecmp(v, "vi", 2) == 0 ? KH_LANG_VI
							    : KH_LANG_EN;
		}
	}
	return KH_LANG_EN;
}

static bool has_catalogue(const char *dir)
{
	char path[PATH_MAX];
	if (snprintf(path, sizeof path, "%s/vi/LC_MESSAGES/" DOMAIN ".mo",
		     dir) >= (int)sizeof path)
		return false;
	return access(path, R_OK) == 0;
}

void lang_init(const char *localedir)
{
	char dir[PATH_MAX] = "";
	if (localedir) {
		snprintf(dir, sizeof dir, "%s", localedir);
	} else {
		char exe[PATH_MAX / 2];
		paths_exe_dir(exe, sizeof exe);
		const char *rel[] = {KH_BIN_TO_LOCALEDIR, KH_BUILD_LOCALEDIR};
		for (size_t i = 0; exe[0] && i < 2; i++) {
			snprintf(dir, sizeof dir, "%s/%s", exe, rel[i]);
			if (has_catalogue(dir))
				break;
			dir[0] = '\0';
		}
		if (!dir[0])
			snprintf(dir, sizeof dir, "%s", KH_LOCALEDIR);
	}
	bindtextdomain(DOMAIN, dir);
	/* Our text is UTF-8 whatever the locale; the terminal layer folds it
	 * to ASCII when the terminal cannot show it. */
	bind_textdomain_codeset(DOMAIN, "UTF-8");
	textdomain(DOMAIN);
}

void lang_use(kh_lang l)
{
	current = l;
	setenv("LANGUAGE", lang_code(l), 1);
	/* gettext ignores LANGUAGE under the "C" locale; C.UTF-8 (always
	 * present on Debian and Ubuntu) lets it through. */
	const char *now = setlocale(LC_MESSAGES, NULL);
	if (!now || strcmp(now, "C") == 0 || strcmp(now, "POSIX") == 0) {
		if (!setlocale(LC_MESSAGES, "C.UTF-8"))
			setlocale(LC_MESSAGES, "C.utf8");
	} else {
		/* Changing the locale makes gettext drop the translations
		 * it cached for the previous language; glibc ignores a
		 * change to the same name, so go through "C". */
		char *copy = strdup(now);
		if (copy) {
			setlocale(LC_MESSAGES, "C");
			setlocale(LC_MESSAGES, copy);
			free(copy);
		}
	}
}

kh_lang lang_current(void)
{
	return current;
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* A character that makes the digits beside it part of an id ("v1.2",
 * "II.1.3", "tt_2.5", "x-1.5") rather than a number. */
static bool id_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' ||
	       c == '&';
}

/* Only a number standing on its own gets the comma: digits, one '.',
 * digits, with no letter, '_' or a '-' joining letters glued to either
 * end, nor a '.' before it.  Ids ("v1.2", "II.1.3"), versions ("1.2.3")
 * and section numbers keep their dots, so an id quoted in a Vietnamese
 * message still names the same thing. */
void lang_decimal_in_place(char *s)
{
	if (current != KH_LANG_VI)
		return;
	size_t i = 0;
	while (s[i]) {
		if (!is_digit(s[i])) {
			i++;
			continue;
		}
		size_t start = i, dot = 0, dots = 0;
		while (is_digit(s[i]) || (s[i] == '.' && is_digit(s[i + 1]))) {
			if (s[i] == '.') {
				dot = i;
				dots++;
			}
			i++;
		}
		char before = start ? s[start - 1] : ' ';
		/* "x-1.5" is an id; "1.5-2.5" a range of two numbers. */
		bool glued = id_char(before) || before == '.' ||
			     (before == '-' && start > 1 &&
			      id_char(s[start - 2]));
		/* A '.' after the digits ends a sentence: "short 1.5." */
		glued = glued || id_char(s[i]) ||
			(s[i] == '-' && id_char(s[i + 1]));
		if (dots == 1 && !glued)
			s[dot] = ',';
		/* Skip the rest of an id made of digits and letters. */
		while (glued && s[i] &&
		       (id_char(s[i]) || is_digit(s[i]) ||
			((s[i] == '.' || s[i] == '-') &&
			 (id_char(s[i + 1]) || is_digit(s[i + 1])))))
			i++;
	}
}

char *lang_number(double v, char *buf, size_t size)
{
	kh_number_text(v, buf, size);
	lang_decimal_in_place(buf);
	return buf;
}
