/* The words on maps and sheets, in the publication's language (Chinese, what a notice is
 * printed in, or English for reviewers): from the one table of words, src/core/words.c. */
#include "zoneplan/words.h"

#include "pub_internal.h"

const char *zp_pub_word(const zp_pub *p, const char *key)
{
    return zp_word(p->lang, key);
}
