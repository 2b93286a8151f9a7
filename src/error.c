/* Result codes and error messages. */
#include "kehoach/error.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static const struct {
	const char *name;
	int exit_code;
} rc_info[] = {
	[KH_OK] = {"ok", 0},
	[KH_EINPUT] = {"bad input", 2},
	[KH_ENOTFOUND] = {"not found", 2},
	[KH_EUSAGE] = {"bad usage", 2},
	[KH_EDB] = {"database error", 1},
	[KH_EBUSY] = {"database busy", 1},
	[KH_EREADONLY] = {"database read-only", 1},
	[KH_EVERSION] = {"database too new", 1},
	[KH_EIO] = {"input/output error", 1},
	[KH_ENOMEM] = {"out of memory", 1},
	[KH_EEMPTY] = {"nothing to do", 1},
};

const char *kh_rc_name(kh_rc rc)
{
	if ((size_t)rc >= sizeof rc_info / sizeof rc_info[0])
		return "unknown error";
	return rc_info[rc].name;
}

int kh_rc_exit_code(kh_rc rc)
{
	if ((size_t)rc >= sizeof rc_info / sizeof rc_info[0])
		return 1;
	return rc_info[rc].exit_code;
}

void kh_error_clear(kh_error *err)
{
	if (!err)
		return;
	err->code = KH_OK;
	err->file[0] = '\0';
	err->line = 0;
	err->col = 0;
	err->msg[0] = '\0';
}

static void set_msg(kh_error *err, const char *fmt, va_list ap)
{
	vsnprintf(err->msg, sizeof err->msg, fmt, ap);
	/* Messages are one line: a newline from formatted input would let a
	 * caller's text fake a second message. */
	for (char *p = err->msg; *p; p++)
		if (*p == '\n' || *p == '\r')
			*p = ' ';
}

kh_rc kh_error_set(kh_error *err, kh_rc code, const char *fmt, ...)
{
	if (!err)
		return code;
	kh_error_clear(err);
	err->code = code;
	va_list ap;
	va_start(ap, fmt);
	set_msg(err, fmt, ap);
	va_end(ap);
	return code;
}

kh_rc kh_error_set_at(kh_error *err, kh_rc code, const char *file, int line,
		      int col, const char *fmt, ...)
{
	if (!err)
		return code;
	kh_error_clear(err);
	err->code = code;
	if (file)
		snprintf(err->file, sizeof err->file, "%s", file);
	err->line = line;
	err->col = col;
	va_list ap;
	va_start(ap, fmt);
	set_msg(err, fmt, ap);
	va_end(ap);
	return code;
}

char *kh_error_format(const kh_error *err, char *buf, size_t size)
{
	if (!size)
		return buf;
	buf[0] = '\0';
	if (!err)
		return buf;
	if (err->file[0] && err->line > 0 && err->col > 0)
		snprintf(buf, size, "%s:%d:%d: %s", err->file, err->line,
			 err->col, err->msg);
	else if (err->file[0] && err->line > 0)
		snprintf(buf, size, "%s:%d: %s", err->file, err->line, err->msg);
	else if (err->file[0])
		snprintf(buf, size, "%s: %s", err->file, err->msg);
	else
		snprintf(buf, size, "%s", err->msg);
	return buf;
}
