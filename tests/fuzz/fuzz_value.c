/* Fuzz the parsers behind the edit form, `kehoach set` and the CSV import:
 * quantities (whole and not), milestone and assessment words, and dates in
 * both the lenient and the strict ISO form. */
#include <math.h>
#include <stdbool.h>

#include "kehoach/date.h"
#include "kehoach/entry.h"
#include "kehoach/text.h"

#include "fuzz.h"

/* The callers' buffer (ui/edit.c, src/import.c). */
#define WHY_SIZE 256

static void check_why(bool ok, const char *why)
{
	size_t n = strnlen(why, WHY_SIZE);

	FUZZ_CHECK(n < WHY_SIZE);
	if (ok) {
		FUZZ_CHECK(n == 0);
		return;
	}
	/* A refusal says why, in text a terminal can show as it is. */
	FUZZ_CHECK(n > 0);
	FUZZ_CHECK(text_valid_utf8(why, n));
	for (size_t i = 0; i < n; i++)
		FUZZ_CHECK((unsigned char)why[i] >= 0x20 && why[i] != 0x7f);
}

static void check_quantity(const char *s, bool whole)
{
	char why[WHY_SIZE], text[64], again[WHY_SIZE];
	double v = -1, w = -1;
	bool ok;

	memset(why, 'x', sizeof why);
	ok = kh_parse_quantity(s, whole, &v, why, sizeof why);
	check_why(ok, why);
	if (!ok)
		return;
	FUZZ_CHECK(isfinite(v) && v >= 0 && v < 1e15);
	if (whole)
		FUZZ_CHECK(v == floor(v));
	/* What the program prints reads back as the same figure. */
	kh_number_text(v, text, sizeof text);
	FUZZ_CHECK(kh_parse_quantity(text, whole, &w, again, sizeof again));
	FUZZ_CHECK(w == v);
	/* "12,5" and "12.5" are one number. */
	if (!whole) {
		char *alt = strdup(s);

		FUZZ_CHECK(alt != NULL);
		for (char *c = alt; *c; c++)
			if (*c == ',')
				*c = '.';
		FUZZ_CHECK(kh_parse_quantity(alt, false, &w, NULL, 0));
		FUZZ_CHECK(w == v);
		free(alt);
	}
	/* A whole count is also a valid fraction-allowed quantity. */
	if (whole) {
		FUZZ_CHECK(kh_parse_quantity(s, false, &w, NULL, 0));
		FUZZ_CHECK(w == v);
	}
}

static void check_words(const char *s)
{
	char why[WHY_SIZE];
	bool done = false;
	kh_assessment a = KH_ASSESS_NOT_STARTED;
	bool ok;

	ok = kh_parse_done(s, &done, why, sizeof why);
	check_why(ok, why);
	if (ok) {
		bool again;

		FUZZ_CHECK(kh_parse_done(done ? "done" : "not done", &again,
					 NULL, 0) && again == done);
	}
	ok = kh_parse_assessment(s, &a, why, sizeof why);
	check_why(ok, why);
	if (ok) {
		kh_assessment again;

		/* The id the program writes reads back. */
		FUZZ_CHECK(kh_parse_assessment(kh_assessment_id(a), &again,
					       NULL, 0) && again == a);
		FUZZ_CHECK(kh_parse_assessment(kh_assessment_label(a), &again,
					       NULL, 0) && again == a);
	}
}

static void check_dates(const char *s)
{
	char iso[KH_DATE_ISO_LEN], dmy[KH_DATE_ISO_LEN];
	kh_date d = KH_DATE_NONE, e = KH_DATE_NONE;
	int y, m, dd;

	if (kh_date_parse(s, &d)) {
		FUZZ_CHECK(d != KH_DATE_NONE);
		kh_date_iso(d, iso);
		FUZZ_CHECK(kh_date_parse_iso(iso, &e) && e == d);
		kh_date_dmy(d, dmy);
		FUZZ_CHECK(kh_date_parse(dmy, &e) && e == d);
		kh_date_to_ymd(d, &y, &m, &dd);
		FUZZ_CHECK(y >= 1 && y <= 9999 && m >= 1 && m <= 12 &&
			   dd >= 1 && dd <= 31);
		FUZZ_CHECK(kh_date_from_ymd(y, m, dd, &e) && e == d);
	}
	if (kh_date_parse_iso(s, &d)) {
		/* Strict: exactly the text kh_date_iso writes. */
		kh_date_iso(d, iso);
		FUZZ_CHECK(strcmp(iso, s) == 0);
		FUZZ_CHECK(kh_date_parse(s, &e) && e == d);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s;

	if (size > 4096) /* form fields and CSV cells are short */
		return 0;
	s = fuzz_cstr(data, size);
	check_quantity(s, false);
	check_quantity(s, true);
	check_words(s);
	check_dates(s);
	/* Also the date a day-number stands for, when the bytes are four. */
	if (size == 4) {
		int32_t raw;
		char iso[KH_DATE_ISO_LEN];
		kh_date back;

		memcpy(&raw, data, 4);
		if (raw >= -719162 && raw <= 2932896) { /* 0001..9999 */
			kh_date_iso(raw, iso);
			FUZZ_CHECK(kh_date_parse_iso(iso, &back) && back == raw);
		}
	}
	free(s);
	return 0;
}
