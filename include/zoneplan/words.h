/* The words zoneplan writes for people, in Chinese or English: the maps and sheets, report.md,
 * diff.md and the terminal summaries all take theirs from one table (src/core/words.c), so a
 * term reads the same everywhere. Names of schools and communities are the data's own and
 * never translated; machine-read files (CSV headers, JSON keys, flag names) stay English. */
#ifndef ZONEPLAN_WORDS_H
#define ZONEPLAN_WORDS_H

#include <stddef.h>

typedef enum { ZP_LANG_ZH = 0, ZP_LANG_EN = 1 } zp_lang;

/* "zh" or "en"; else ZP_EINPUT ("--lang: 'X' is not zh or en"). */
int zp_lang_parse(const char *text, zp_lang *out);
/* The word or phrase under key. Entries with printf conversions take the same arguments in
 * both languages (tests hold every entry to that, and every key the code asks for to being
 * in the table). A missing key comes back as itself: visible, never a crash. */
const char *zp_word(zp_lang lang, const char *key);
/* The word under prefix + name ("rep_flagcol_" + "class_size"), or name itself when the table
 * has none (a name read from a file that no word is for). */
const char *zp_word_of(zp_lang lang, const char *prefix, const char *name);
/* A level's name in running text and tables: "primary" / "小学", "junior" / "初中". */
const char *zp_word_level(zp_lang lang, int level);
/* The table itself, for tests: entry i's key and its two texts (i < zp_words_count()). */
size_t zp_words_count(void);
void zp_words_entry(size_t i, const char **key, const char **zh, const char **en);

#endif
