/* Result codes and error messages. */
#include "kehoach/error.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "kehoach/i18n.h"
#include "utf8_cut.h"

static const struct {
	const char *name;
	int exit_code;
} rc_info[] = {
	[KH_OK] = {N_("ok"), 0},
	[KH_EINPUT] = {N_("bad input"), 2},
	[KH_ENOTFOUND] = {N_("not found"), 2},
	[KH_EUSAGE] = {N_("bad usage"), 2},
	[KH_EDB] = {N_("database error"), 1},
	[KH_EBUSY] = {N_("database busy"), 1},
	[KH_EREADONLY] = {N_("database read-only"), 1},
	[KH_EVERSION] = {N_("database too new"), 1},
	[KH_EIO] = {N_("input/output error"), 1},
	[KH_ENOMEM] = {N_("out of memory"), 1},
	[KH_EEMPTY] = {N_("nothing to do"), 1},
};

const char *kh_rc_name(kh_rc rc)
{
	if ((size_t)rc >= sizeof rc_info / sizeof rc_info[0])
		return _("unknown error");
	return _(rc_info[rc].name);
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
	int r = vsnprintf(err->msg, sizeof err->msg, fmt, ap);
	/* Cut short (a long path, a long translation): never leave half a
	 * UTF-8 character at the end. */
	if (r > 0 && (size_t)r >= sizeof err->msg)
		utf8_cut_end(err->msg);
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
	utf8_cut_end(buf);
	return buf;
}
