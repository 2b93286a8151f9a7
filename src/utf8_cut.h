/* Cutting UTF-8 text to fit a buffer without splitting a character: the
 * core's messages are built into fixed buffers, and a translation (longer,
 * multibyte Vietnamese) may not fit where the English did. */
#ifndef KEHOACH_UTF8_CUT_H
#define KEHOACH_UTF8_CUT_H

#include <stddef.h>
#include <string.h>

/* Length of the longest prefix of s of at most max bytes that does not
 * end inside a UTF-8 character. */
static inline size_t utf8_prefix(const char *s, size_t max)
{
	size_t n = strnlen(s, max + 1);

	if (n <= max)
		return n;
	n = max;
	while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
		n--;
	return n;
}

/* s copied into buf (max + 4 bytes), cut to at most max bytes at a
 * character boundary and marked "..." when cut: text from a file quoted
 * in a message.  Returns buf. */
static inline const char *utf8_clip(const char *s, size_t max, char *buf)
{
	size_t n = utf8_prefix(s, max);

	memcpy(buf, s, n);
	memcpy(buf + n, s[n] ? "..." : "", s[n] ? 4 : 1);
	return buf;
}

/* Drop a character left incomplete at the end of s (by snprintf cutting
 * it short); a complete last character is kept. */
static inline void utf8_cut_end(char *s)
{
	size_t len = strlen(s), i = len;

	while (i > 0 && len - i < 4 && ((unsigned char)s[i - 1] & 0xC0) == 0x80)
		i--;
	if (i == 0 || (unsigned char)s[i - 1] < 0xC0)
		return;
	unsigned char lead = (unsigned char)s[i - 1];
	size_t need = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2;

	if (len - (i - 1) < need)
		s[i - 1] = '\0';
}

#endif
