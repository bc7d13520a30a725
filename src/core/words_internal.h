/* Internal to the words table (words.c): its audit part (words_audit.c). */
#ifndef ZP_WORDS_INTERNAL_H
#define ZP_WORDS_INTERNAL_H

#include <stddef.h>

extern const char *const zp_words_audit[][3];
extern const size_t zp_words_audit_count;

#endif
