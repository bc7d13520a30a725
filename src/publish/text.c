/* The words on maps and sheets, in the publication's language (Chinese, what a notice is
 * printed in, or English for reviewers): from the one table of words, src/core/words.c. And
 * the names of the files, which say whose they are (the public's start with notice-). */
#include <stdio.h>

#include "zoneplan/words.h"

#include "pub_internal.h"

const char *zp_pub_word(const zp_pub *p, const char *key)
{
    return zp_word(p->lang, key);
}

void zp_pub_file_name(const zp_pub *p, const char *name, char *buf, size_t size)
{
    snprintf(buf, size, "%s%s", p->public_notice ? ZP_NOTICE_PREFIX : "", name);
}
