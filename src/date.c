/* Civil dates as day numbers (days since 1970-01-01), after the well-known
 * era-based conversion: a 400-year era has a fixed number of days. */
#include "kehoach/date.h"

#include <ctype.h>
#include <string.h>
#include <time.h>

static bool is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int days_in_month(int y, int m)
{
	static const int days[] = {31, 28, 31, 30, 31, 30,
				   31, 31, 30, 31, 30, 31};
	return m == 2 && is_leap(y) ? 29 : days[m - 1];
}

bool kh_date_from_ymd(int y, int m, int d, kh_date *out)
{
	if (y < 1 || y > 9999 || m < 1 || m > 12 || d < 1 ||
	    d > days_in_month(y, m))
		return false;
	/* Count from March so the leap day ends the year. */
	int yy = m <= 2 ? y - 1 : y;
	int era = yy / 400;
	int yoe = yy - era * 400;
	int mp = (m + 9) % 12;
	int doy = (153 * mp + 2) / 5 + d - 1;
	int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	*out = (kh_date)(era * 146097 + doe - 719468);
	return true;
}

void kh_date_to_ymd(kh_date date, int *year, int *month, int *day)
{
	long z = (long)date + 719468;
	long era = (z >= 0 ? z : z - 146096) / 146097;
	long doe = z - era * 146097;
	long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	long y = yoe + era * 400;
	long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	long mp = (5 * doy + 2) / 153;
	long d = doy - (153 * mp + 2) / 5 + 1;
	long m = mp < 10 ? mp + 3 : mp - 9;
	if (m <= 2)
		y++;
	if (year)
		*year = (int)y;
	if (month)
		*month = (int)m;
	if (day)
		*day = (int)d;
}

/* Read 1..max digits; returns count read, 0 if none. */
static int read_digits(const char **p, int max, int *value)
{
	int n = 0, v = 0;
	while (n < max && isdigit((unsigned char)**p)) {
		v = v * 10 + (**p - '0');
		(*p)++;
		n++;
	}
	*value = v;
	return n;
}

static const char *skip_blanks(const char *p)
{
	while (*p == ' ' || *p == '\t')
		p++;
	return p;
}

bool kh_date_parse_iso(const char *text, kh_date *out)
{
	int y, m, d;
	const char *p = text;
	if (!text || read_digits(&p, 4, &y) != 4 || *p++ != '-' ||
	    read_digits(&p, 2, &m) != 2 || *p++ != '-' ||
	    read_digits(&p, 2, &d) != 2 || *p)
		return false;
	return kh_date_from_ymd(y, m, d, out);
}

bool kh_date_parse(const char *text, kh_date *out)
{
	if (!text)
		return false;
	const char *p = skip_blanks(text);
	const char *start = p;
	int a, b, c;
	int na = read_digits(&p, 4, &a);
	if (na == 4 && *p == '-') {
		p++;
		if (read_digits(&p, 2, &b) != 2 || *p++ != '-' ||
		    read_digits(&p, 2, &c) != 2)
			return false;
		if (*skip_blanks(p))
			return false;
		return kh_date_from_ymd(a, b, c, out);
	}
	p = start;
	na = read_digits(&p, 2, &a);
	if (na < 1 || *p++ != '/')
		return false;
	int nb = read_digits(&p, 2, &b);
	if (nb < 1 || *p++ != '/')
		return false;
	if (read_digits(&p, 4, &c) != 4 || *skip_blanks(p))
		return false;
	return kh_date_from_ymd(c, b, a, out);
}

/* Write value as exactly n decimal digits (zero-padded, high digits
 * dropped), without snprintf's worst-case length. */
static void put_digits(char *out, int value, int n)
{
	unsigned v = value < 0 ? 0u : (unsigned)value;
	for (int i = n - 1; i >= 0; i--) {
		out[i] = (char)('0' + v % 10);
		v /= 10;
	}
}

char *kh_date_iso(kh_date d, char *buf)
{
	int y, m, dd;
	if (d == KH_DATE_NONE) {
		buf[0] = '\0';
		return buf;
	}
	kh_date_to_ymd(d, &y, &m, &dd);
	put_digits(buf, y, 4);
	buf[4] = '-';
	put_digits(buf + 5, m, 2);
	buf[7] = '-';
	put_digits(buf + 8, dd, 2);
	buf[10] = '\0';
	return buf;
}

char *kh_date_dmy(kh_date d, char *buf)
{
	int y, m, dd;
	if (d == KH_DATE_NONE) {
		buf[0] = '\0';
		return buf;
	}
	kh_date_to_ymd(d, &y, &m, &dd);
	put_digits(buf, dd, 2);
	buf[2] = '/';
	put_digits(buf + 3, m, 2);
	buf[5] = '/';
	put_digits(buf + 6, y, 4);
	buf[10] = '\0';
	return buf;
}

kh_date kh_date_today(void)
{
	time_t now = time(NULL);
	struct tm tm;
	kh_date d = 0;
	if (!localtime_r(&now, &tm) ||
	    !kh_date_from_ymd(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, &d))
		return 0;
	return d;
}
