/* Tests of the CSV reader: BOM, separator detection, quoting, line ends,
 * blank lines, line numbers in rows and in errors, the limits, and NFC. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kehoach/csv.h"

/* ---- helpers ------------------------------------------------------------ */

static kh_csv *parse(const char *text)
{
	kh_error err;
	kh_csv *csv = csv_parse("t.csv", text, strlen(text), &err);

	if (!csv)
		fail_msg("csv_parse: %d: %s", err.line, err.msg);
	return csv;
}

/* Parse text that must be refused; returns the error's line. */
static int refused(const char *text, size_t len, const char *what)
{
	kh_error err;
	kh_csv *csv = csv_parse("bad.csv", text, len, &err);

	if (csv) {
		csv_free(csv);
		fail_msg("accepted: %s", what);
	}
	assert_int_equal(err.code, KH_EINPUT);
	assert_string_equal(err.file, "bad.csv");
	assert_true(err.msg[0] != '\0');
	return err.line;
}

static void assert_row(const kh_csv *csv, size_t i, int line, size_t n, ...)
{
	va_list ap;

	assert_true(i < csv->n_rows);
	assert_int_equal(csv->rows[i].line, line);
	assert_int_equal(csv->rows[i].n, n);
	va_start(ap, n);
	for (size_t k = 0; k < n; k++)
		assert_string_equal(csv->rows[i].fields[k],
				    va_arg(ap, const char *));
	va_end(ap);
}

/* ---- BOM and separators ------------------------------------------------- */

static void test_bom(void **state)
{
	kh_csv *csv = parse("\xef\xbb\xbftarget_id;value\nA;1\n");

	(void)state;
	assert_true(csv->bom);
	assert_int_equal(csv->sep, ';');
	assert_int_equal(csv->n_rows, 2);
	assert_row(csv, 0, 1, 2, "target_id", "value");
	assert_row(csv, 1, 2, 2, "A", "1");
	csv_free(csv);

	csv = parse("target_id;value\n");
	assert_false(csv->bom);
	assert_row(csv, 0, 1, 2, "target_id", "value");
	csv_free(csv);

	/* A BOM in the middle is text, not a marker. */
	csv = parse("a;\xef\xbb\xbf" "b\n");
	assert_false(csv->bom);
	assert_row(csv, 0, 1, 2, "a", "\xef\xbb\xbf" "b");
	csv_free(csv);
}

static void test_separator_detection(void **state)
{
	static const struct {
		const char *text;
		char sep;
	} cases[] = {
		{"a,b,c\n1,2,3\n", ','},
		{"a;b;c\n1,2;3\n", ';'},
		{"a;b,c,d\n", ','},
		{"a,b;c;d\n", ';'},
		{"a;b,c\n", ';'},               /* a tie */
		{"abc\n", ';'},                 /* none */
		{"\"a;b;c\",d,e\n", ','},       /* quoted ones do not count */
		{"\n\n  \na,b\nx;y;z;w\n", ','}, /* the first non-blank line */
		{"\"x\ny;y;y\",a,b\n", ','},    /* a quoted newline */
	};

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		kh_csv *csv = parse(cases[i].text);

		if (csv->sep != cases[i].sep)
			fail_msg("case %zu: sep '%c', want '%c'", i, csv->sep,
				 cases[i].sep);
		csv_free(csv);
	}
}

static void test_comma_file(void **state)
{
	kh_csv *csv = parse("target_id,value,note\nA,\"12,5\",\"x, y\"\n");

	(void)state;
	assert_int_equal(csv->sep, ',');
	assert_row(csv, 1, 2, 3, "A", "12,5", "x, y");
	csv_free(csv);
}

/* ---- quoting ------------------------------------------------------------ */

static void test_quotes(void **state)
{
	kh_csv *csv = parse("id;note;x\n"
			    "A;\"a;b \"\"q\"\"\nline 2\";end\n"
			    "B;\"\";\"\"\"\"\n"
			    "C;  \" padded \"  ;z\n");

	(void)state;
	assert_int_equal(csv->n_rows, 4);
	assert_row(csv, 1, 2, 3, "A", "a;b \"q\"\nline 2", "end");
	/* The row after a two-line field starts on line 4. */
	assert_row(csv, 2, 4, 3, "B", "", "\"");
	/* Blanks inside quotes stay; outside they go. */
	assert_row(csv, 3, 5, 3, "C", " padded ", "z");
	csv_free(csv);
}

static void test_stray_quote(void **state)
{
	(void)state;
	const char *a = "id;v\nA;1\nB;ab\"c\n";
	assert_int_equal(refused(a, strlen(a), "stray quote"), 3);
	const char *b = "id;v\n\"A\"x;1\n";
	assert_int_equal(refused(b, strlen(b), "text after a quote"), 2);
}

static void test_unterminated_quote(void **state)
{
	(void)state;
	const char *a = "id;v\nA;1\nB;\"open\nmore\nand more\n";
	/* The line where the quote opened. */
	assert_int_equal(refused(a, strlen(a), "open quote"), 3);
	const char *b = "\"";
	assert_int_equal(refused(b, strlen(b), "lone quote"), 1);
}

/* ---- line ends and blank lines ------------------------------------------ */

static void test_crlf(void **state)
{
	kh_csv *csv = parse("a;b\r\n1;2\r\n\"x\r\ny\";3\r\n4;5\r\n");

	(void)state;
	assert_int_equal(csv->n_rows, 4);
	assert_row(csv, 0, 1, 2, "a", "b");
	assert_row(csv, 1, 2, 2, "1", "2");
	/* Nothing inside quotes is changed, CR included. */
	assert_row(csv, 2, 3, 2, "x\r\ny", "3");
	assert_row(csv, 3, 5, 2, "4", "5");
	csv_free(csv);
}

static void test_lone_cr(void **state)
{
	kh_csv *csv = parse("a;b\r1;2\r\r3;4");

	(void)state;
	assert_int_equal(csv->n_rows, 3);
	assert_row(csv, 1, 2, 2, "1", "2");
	assert_row(csv, 2, 4, 2, "3", "4");
	csv_free(csv);
}

static void test_blank_lines(void **state)
{
	kh_csv *csv = parse("\n\na;b\n\n \t \n1;2\n;;\n  ;  \n\n");

	(void)state;
	assert_int_equal(csv->n_rows, 4);
	assert_row(csv, 0, 3, 2, "a", "b");
	assert_row(csv, 1, 6, 2, "1", "2");
	/* Separators alone make a row of empty fields. */
	assert_row(csv, 2, 7, 3, "", "", "");
	assert_row(csv, 3, 8, 2, "", "");
	csv_free(csv);
}

static void test_trailing_separator_and_trim(void **state)
{
	kh_csv *csv = parse("a;b;\n  x  ;\ty z\t;\nlast;row");

	(void)state;
	assert_int_equal(csv->n_rows, 3);
	assert_row(csv, 0, 1, 3, "a", "b", "");
	assert_row(csv, 1, 2, 3, "x", "y z", "");
	/* No line end after the last row. */
	assert_row(csv, 2, 3, 2, "last", "row");
	csv_free(csv);
}

static void test_empty_input(void **state)
{
	kh_error err;
	kh_csv *csv;

	(void)state;
	csv = csv_parse("e.csv", "", 0, &err);
	assert_non_null(csv);
	assert_int_equal(csv->n_rows, 0);
	csv_free(csv);
	csv = parse("\xef\xbb\xbf");
	assert_true(csv->bom);
	assert_int_equal(csv->n_rows, 0);
	csv_free(csv);
	csv = parse("\r\n\n  \r");
	assert_int_equal(csv->n_rows, 0);
	csv_free(csv);
	csv = csv_parse("e.csv", NULL, 0, &err);
	assert_non_null(csv);
	assert_int_equal(csv->n_rows, 0);
	csv_free(csv);
}

/* ---- bytes that are refused --------------------------------------------- */

static void test_invalid_utf8(void **state)
{
	(void)state;
	/* Windows-1258 "Tiến" as Excel's plain "CSV" would save it. */
	const char *a = "id;note\r\nA;ok\r\nB;Ti\xea\xd2n\r\n";
	assert_int_equal(refused(a, strlen(a), "cp1258"), 3);
	/* Inside a quoted field on its second line. */
	const char *b = "id;note\nA;\"one\ntwo \xc3\x28\"\n";
	assert_int_equal(refused(b, strlen(b), "bad byte in quotes"), 3);
	/* Overlong and surrogate encodings. */
	const char *c = "a\n\xc0\xaf\n";
	assert_int_equal(refused(c, strlen(c), "overlong"), 2);
	const char *d = "a\n\n\n\xed\xa0\x80\n";
	assert_int_equal(refused(d, strlen(d), "surrogate"), 4);
	/* UTF-16 (Excel's "Unicode text"). */
	const char e[] = "\xff\xfe" "a\0;\0b\0";
	assert_int_equal(refused(e, sizeof e - 1, "utf-16"), 1);
}

static void test_nul(void **state)
{
	(void)state;
	const char a[] = "id;v\nA;1\nB;\0" "2\n";
	assert_int_equal(refused(a, sizeof a - 1, "NUL"), 3);
	const char b[] = "id;v\r\n\"a\r\nb\0\"\r\n";
	assert_int_equal(refused(b, sizeof b - 1, "NUL in quotes"), 3);
}

static void test_huge_field(void **state)
{
	size_t big = 64 * 1024;
	char *text = malloc(big + 32);
	kh_csv *csv;

	(void)state;
	assert_non_null(text);
	/* Exactly 64 KiB passes. */
	strcpy(text, "id;v\nA;");
	memset(text + 7, 'x', big);
	strcpy(text + 7 + big, "\n");
	csv = parse(text);
	assert_int_equal(strlen(csv->rows[1].fields[1]), big);
	csv_free(csv);
	/* One byte more does not. */
	strcpy(text, "id;v\nA;\"");
	memset(text + 8, 'x', big + 1);
	strcpy(text + 9 + big, "\"\n");
	assert_int_equal(refused(text, strlen(text), "huge field"), 2);
	free(text);
}

static void test_many_fields(void **state)
{
	char *text = malloc(4096);
	kh_csv *csv;
	size_t n = 0;

	(void)state;
	assert_non_null(text);
	n += (size_t)sprintf(text, "h\n");
	for (int i = 0; i < 999; i++)
		text[n++] = ';';
	text[n++] = '\n';
	text[n] = '\0';
	csv = parse(text);
	assert_int_equal(csv->rows[1].n, 1000);
	csv_free(csv);
	text[n - 1] = ';';
	text[n++] = '\n';
	text[n] = '\0';
	assert_int_equal(refused(text, n, "1001 fields"), 2);
	free(text);
}

/* ---- text --------------------------------------------------------------- */

static void test_nfc(void **state)
{
	/* "Tiến độ" decomposed (e + circumflex + acute, o + dot below). */
	kh_csv *csv = parse("note\nTie\xcc\x82\xcc\x81n \xc4\x91o\xcc\xa3\xcc\x82\n"
			    "\"Tie\xcc\x82\xcc\x81n\"\n");

	(void)state;
	assert_row(csv, 1, 2, 1, "Ti\xe1\xba\xbfn \xc4\x91\xe1\xbb\x99");
	assert_row(csv, 2, 3, 1, "Ti\xe1\xba\xbfn");
	csv_free(csv);
}

static void test_read_file(void **state)
{
	kh_error err;
	kh_csv *csv;

	(void)state;
	csv = csv_read_file(KH_TEST_DATA "/import/excel.csv", &err);
	if (!csv)
		fail_msg("%s:%d: %s", err.file, err.line, err.msg);
	assert_true(csv->bom);
	assert_int_equal(csv->sep, ';');
	assert_true(csv->n_rows >= 2);
	assert_string_equal(csv->rows[0].fields[0], "target_id");
	csv_free(csv);

	csv = csv_read_file(KH_TEST_DATA "/import/libreoffice.csv", &err);
	if (!csv)
		fail_msg("%s:%d: %s", err.file, err.line, err.msg);
	assert_false(csv->bom);
	assert_int_equal(csv->sep, ',');
	csv_free(csv);

	assert_null(csv_read_file(KH_TEST_DATA "/import/no-such.csv", &err));
	assert_int_equal(err.code, KH_EIO);
	assert_non_null(strstr(err.msg, "no-such.csv"));
	assert_null(csv_read_file(KH_TEST_DATA "/import", &err));
	assert_int_equal(err.code, KH_EIO);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bom),
		cmocka_unit_test(test_separator_detection),
		cmocka_unit_test(test_comma_file),
		cmocka_unit_test(test_quotes),
		cmocka_unit_test(test_stray_quote),
		cmocka_unit_test(test_unterminated_quote),
		cmocka_unit_test(test_crlf),
		cmocka_unit_test(test_lone_cr),
		cmocka_unit_test(test_blank_lines),
		cmocka_unit_test(test_trailing_separator_and_trim),
		cmocka_unit_test(test_empty_input),
		cmocka_unit_test(test_invalid_utf8),
		cmocka_unit_test(test_nul),
		cmocka_unit_test(test_huge_field),
		cmocka_unit_test(test_many_fields),
		cmocka_unit_test(test_nfc),
		cmocka_unit_test(test_read_file),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
