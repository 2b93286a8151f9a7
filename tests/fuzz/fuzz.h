/* Shared by the fuzz harnesses: the libFuzzer entry point and a check that
 * stops the run on a broken invariant (libFuzzer and the replay both treat
 * abort() as a crash and keep the input). */
#ifndef KEHOACH_FUZZ_H
#define KEHOACH_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FUZZ_CHECK(cond)                                                     \
	do {                                                                 \
		if (!(cond)) {                                               \
			fprintf(stderr, "%s:%d: invariant failed: %s\n",     \
				__FILE__, __LINE__, #cond);                  \
			abort();                                             \
		}                                                            \
	} while (0)

/* A NUL-terminated copy of the input (parsers of C strings stop at the
 * first NUL, which is itself a case worth feeding them). */
static inline char *fuzz_cstr(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);
	if (!s)
		abort();
	if (size)
		memcpy(s, data, size);
	s[size] = '\0';
	return s;
}

#endif
