/* The one table of words (core/words.c) and the reports written from it: every entry has
 * both languages with the same printf conversions in the same order (a mismatch would print
 * garbage or crash), every key the code asks for is in the table (found by reading the
 * sources, not the table), and report.md, diff.md and the terminal summaries of the shipped
 * sample in Chinese carry the same figures as in English, with no English left in them. */
#include <criterion/criterion.h>
#include <glob.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "support.h"
#include "zoneplan/check.h"
#include "zoneplan/errors.h"
#include "zoneplan/words.h"

/* The conversions of a printf format, flags and width included ("%-8s|%lld|%.0f"). */
static void conversions(const char *fmt, char *out, size_t size)
{
    size_t n = 0;
    out[0] = 0;
    for (const char *p = fmt; *p; p++) {
        if (*p != '%')
            continue;
        if (p[1] == '%') {
            p++;
            continue;
        }
        const char *q = p + 1;
        while (*q && !strchr("csdiufgexXp", *q))
            q++;
        n += (size_t)snprintf(out + n, size > n ? size - n : 0, "%.*s|", (int)(q - p + 1), p);
        p = *q ? q : q - 1;
    }
}

Test(words, both_languages_take_the_same_arguments)
{
    cr_assert_gt(zp_words_count(), 100u);
    for (size_t i = 0; i < zp_words_count(); i++) {
        const char *key, *zh, *en;
        zp_words_entry(i, &key, &zh, &en);
        cr_assert(*zh, "%s: no Chinese", key); /* English may be empty: year_suffix */
        char a[512], b[512];
        conversions(zh, a, sizeof a);
        conversions(en, b, sizeof b);
        cr_expect_str_eq(a, b, "%s: zh takes %s, en takes %s", key, a, b);
        for (size_t j = 0; j < i; j++) {
            const char *other, *x, *y;
            zp_words_entry(j, &other, &x, &y);
            cr_expect_str_neq(key, other, "key %s twice", key);
        }
    }
    char c[64];
    conversions("%-8s  %lld x %.4f%% %zu", c, sizeof c); /* the checker itself */
    cr_assert_str_eq(c, "%-8s|%lld|%.4f|%zu|");
}

static int in_table(const char *key)
{
    for (size_t i = 0; i < zp_words_count(); i++) {
        const char *k, *zh, *en;
        zp_words_entry(i, &k, &zh, &en);
        if (!strcmp(k, key))
            return 1;
    }
    return 0;
}

/* Every literal key handed to zp_word or zp_pub_word in src/ (also the two arms of a
 * `cond ? "a" : "b"`), and the keys made from flag names. */
Test(words, every_key_the_code_asks_for_exists)
{
    glob_t g;
    cr_assert_eq(glob(ZP_SOURCE_DIR "/src/*/*.c", 0, NULL, &g), 0);
    regex_t call, lit;
    cr_assert_eq(regcomp(&call, "zp_(pub_)?word\\([^,()]+, *([^;]*)", REG_EXTENDED), 0);
    cr_assert_eq(regcomp(&lit, "^[^\"]*\"([a-z_]+)\"", REG_EXTENDED), 0);
    size_t keys = 0;
    for (size_t f = 0; f < g.gl_pathc; f++) {
        char *text = zpt_slurp(g.gl_pathv[f], NULL);
        cr_assert_not_null(text);
        regmatch_t m[3];
        for (const char *p = text; !regexec(&call, p, 3, m, 0); p += m[0].rm_eo) {
            /* the literals of the call's argument text, up to its end */
            char arg[400];
            int len = (int)(m[2].rm_eo - m[2].rm_so);
            snprintf(arg, sizeof arg, "%.*s", len < 399 ? len : 399, p + m[2].rm_so);
            char *close = strchr(arg, ')');
            if (close)
                *close = 0;
            regmatch_t k[2];
            for (const char *a = arg; !regexec(&lit, a, 2, k, 0); a += k[0].rm_eo) {
                char key[128];
                snprintf(key, sizeof key, "%.*s", (int)(k[1].rm_eo - k[1].rm_so), a + k[1].rm_so);
                cr_expect(in_table(key), "%s asks for word '%s', not in the table", g.gl_pathv[f],
                          key);
                keys++;
            }
        }
        free(text);
    }
    cr_assert_gt(keys, 80u, "the scan found only %zu keys", keys);
    /* keys kept in arrays (a legend's, the web page's): any literal named like a word */
    regex_t named;
    cr_assert_eq(regcomp(&named,
                         "\"((rep|diff|cli|site|sum|unit|changes|web|notice)_[a-z_]*[a-z])\"",
                         REG_EXTENDED),
                 0);
    size_t named_keys = 0;
    for (size_t f = 0; f < g.gl_pathc; f++) {
        if (strstr(g.gl_pathv[f], "core/words.c"))
            continue;
        char *text = zpt_slurp(g.gl_pathv[f], NULL);
        regmatch_t m[2];
        for (const char *p = text; !regexec(&named, p, 2, m, 0); p += m[0].rm_eo) {
            char key[128];
            snprintf(key, sizeof key, "%.*s", (int)(m[1].rm_eo - m[1].rm_so), p + m[1].rm_so);
            cr_expect(in_table(key), "%s names word '%s', not in the table", g.gl_pathv[f], key);
            named_keys++;
        }
        free(text);
    }
    cr_assert_gt(named_keys, 100u);
    regfree(&named);
    static const char *prefixes[] = {"rep_flag_", "rep_flagcol_", "unit_"};
    for (int k = 0; k < ZP_NFLAGS; k++)
        for (size_t i = 0; i < 3; i++) {
            char key[64];
            snprintf(key, sizeof key, "%s%s", prefixes[i], zp_flag_name((zp_flag_kind)k));
            cr_expect(in_table(key), "no word '%s'", key);
        }
    regfree(&call);
    regfree(&lit);
    globfree(&g);
}

Test(words, lang_parse)
{
    zp_lang l = ZP_LANG_EN;
    cr_assert_eq(zp_lang_parse("zh", &l), ZP_OK);
    cr_assert_eq(l, ZP_LANG_ZH);
    cr_assert_eq(zp_lang_parse("en", &l), ZP_OK);
    cr_assert_eq(l, ZP_LANG_EN);
    cr_assert_eq(zp_lang_parse("EN-us", &l), ZP_EINPUT);
    cr_assert(strstr(zp_error_last(), "'EN-us' is not zh or en"));
    cr_assert_str_eq(zp_word(ZP_LANG_ZH, "no such key"), "no such key");
    cr_assert_str_eq(zp_word_level(ZP_LANG_ZH, 1), "初中");
    cr_assert_str_eq(zp_word_level(ZP_LANG_EN, 0), "primary");
}

/* ---- the sample's reports in both languages ------------------------------------------ */

static char *tmp;

static void setup(void)
{
    tmp = zpt_tmpdir();
    cr_assert_not_null(tmp);
}

static void teardown(void)
{
    zpt_rmtree(tmp);
    free(tmp);
}

/* `zoneplan ARGS` from the source folder; its output, which the test frees. */
static char *zoneplan(const char *args)
{
    char cmd[4000], *out = NULL;
    snprintf(cmd, sizeof cmd, "cd '%s' && timeout 300 %s %s", ZP_SOURCE_DIR, ZP_CLI, args);
    int rc = zpt_run(cmd, &out);
    cr_assert_eq(rc, 0, "zoneplan %s: exit %d\n%s", args, rc, out);
    return out;
}

/* Markdown table rows without their first cell (the level or label, which is translated):
 * the figures, in order, joined. Rows start "| "; the separator rows are left out. */
static char *figures(const char *md)
{
    size_t n = 0, cap = strlen(md) + 1;
    char *out = calloc(1, cap);
    for (const char *line = md; line && *line;) {
        const char *end = strchr(line, '\n');
        size_t len = end ? (size_t)(end - line) : strlen(line);
        if (len > 2 && !strncmp(line, "| ", 2) && strncmp(line, "|---", 4)) {
            const char *rest = memchr(line + 1, '|', len - 1);
            /* cells of figures only: digits, signs, points, commas, %, spaces, bars */
            size_t k = rest ? (size_t)(line + len - rest) : 0;
            if (rest && strspn(rest, "|0123456789+-.,% –") >= k) {
                memcpy(out + n, rest, k);
                n += k;
                out[n++] = '\n';
            }
        }
        line = end ? end + 1 : NULL;
    }
    return out;
}

/* An English word of the report's own (not a school's or block's name) in a Chinese text. */
static void no_english(const char *text, const char *what)
{
    static const char *words[] = {"children",  "Policy",        "Plan by level", "objective",
                                  "shortfall", "Contiguity",    "Moves",         "Warnings",
                                  "compared",  "change school", "(none)",        "run A",
                                  "warnings:", "scenario:",     "None",          "pieces"};
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
        cr_expect(!strstr(text, words[i]), "%s still says '%s'", what, words[i]);
}

TestSuite(report_lang, .init = setup, .fini = teardown, .timeout = 600);

Test(report_lang, sample_report_and_summary_in_chinese)
{
    char args[2000], path[1200];
    snprintf(args, sizeof args,
             "run scenarios/sample-baseline.yaml --out '%s/en' --no-publish --quiet", tmp);
    char *en_out = zoneplan(args);
    snprintf(args, sizeof args,
             "run scenarios/sample-baseline.yaml --out '%s/zh' --no-publish --quiet --lang zh",
             tmp);
    char *zh_out = zoneplan(args);
    snprintf(path, sizeof path, "%s/en/report.md", tmp);
    char *en = zpt_slurp(path, NULL);
    snprintf(path, sizeof path, "%s/zh/report.md", tmp);
    char *zh = zpt_slurp(path, NULL);
    cr_assert(en && zh);
    for (const char *h = "## 分学段方案\0## 政策检查\0## 方案中的违规项\0## 连片性\0## 调整\0"
                         "## 学区形状与距离\0## 警告\0| 小学 | 29340 |\0";
         *h; h += strlen(h) + 1)
        cr_expect(strstr(zh, h), "the Chinese report lacks '%s'", h);
    cr_expect(strstr(en, "## Plan by level") && strstr(en, "| primary | 29340 |"));
    /* the names of schools and blocks are the data's own: strip nothing, but every
     * English word of the report's is gone */
    no_english(zh, "report.md");
    char *fe = figures(en), *fz = figures(zh);
    cr_expect_gt(strlen(fe), 500u, "few figure rows found:\n%s", fe);
    cr_expect_str_eq(fz, fe, "the figures differ between the languages");
    cr_expect(strstr(zh_out, "小学    目标值 ") && strstr(zh_out, "学位缺口 0"), "%s", zh_out);
    cr_expect(strstr(en_out, "primary   objective "), "%s", en_out);
    no_english(zh_out, "the run's summary");
    snprintf(args, sizeof args, "check scenarios/sample-baseline.yaml --lang zh");
    char *check = zoneplan(args);
    cr_expect(strstr(check, "地块：2000（") && strstr(check, "警告："), "%s", check);
    free(check);
    /* diff of the plan with itself under enforced caps: Chinese diff.md and summary */
    snprintf(args, sizeof args,
             "run scenarios/sample-enforced.yaml --out '%s/enf' --no-publish --quiet", tmp);
    free(zoneplan(args));
    snprintf(args, sizeof args, "diff '%s/en' '%s/enf' --out '%s/d-en' --quiet", tmp, tmp, tmp);
    char *d_en = zoneplan(args);
    snprintf(args, sizeof args, "diff '%s/en' '%s/enf' --out '%s/d-zh' --lang zh --quiet", tmp, tmp,
             tmp);
    char *d_zh = zoneplan(args);
    cr_expect(strstr(d_zh, "名儿童变更学校") && strstr(d_zh, "已写入 "), "%s", d_zh);
    no_english(d_zh, "diff's summary");
    free(en);
    free(zh);
    snprintf(path, sizeof path, "%s/d-en/diff.md", tmp);
    en = zpt_slurp(path, NULL);
    snprintf(path, sizeof path, "%s/d-zh/diff.md", tmp);
    zh = zpt_slurp(path, NULL);
    cr_assert(en && zh);
    cr_expect(strstr(zh, "## 变更学校的地块") && strstr(zh, "## 学校间调整"), "%s", zh);
    no_english(zh, "diff.md");
    free(fe);
    free(fz);
    fe = figures(en);
    fz = figures(zh);
    cr_expect_gt(strlen(fe), 100u);
    cr_expect_str_eq(fz, fe, "diff.md's figures differ between the languages");
    free(fe);
    free(fz);
    free(en);
    free(zh);
    free(en_out);
    free(zh_out);
    free(d_en);
    free(d_zh);
}

Test(report_lang, unknown_language_is_usage)
{
    char args[2000];
    for (const char *cmd = "run scenarios/sample-baseline.yaml --no-publish --out x\0"
                           "check scenarios/sample-baseline.yaml\0diff a b\0";
         *cmd; cmd += strlen(cmd) + 1) {
        char cmdline[4000], *out = NULL;
        snprintf(args, sizeof args, "%s --lang fr", cmd);
        snprintf(cmdline, sizeof cmdline, "cd '%s' && %s %s", tmp, ZP_CLI, args);
        cr_expect_eq(zpt_run(cmdline, &out), 1, "%s: %s", args, out);
        cr_expect(strstr(out, "'fr' is not zh or en"), "%s: %s", args, out);
        free(out);
    }
}

/* The scenario's changes as report.md lists them, in Chinese: the change's own keyword, the
 * school and estate named, the numbers per level; no English word of the summaries. */
Test(report_lang, changes_listed_in_chinese)
{
    char args[2000], path[1200];
    snprintf(args, sizeof args,
             "run scenarios/sample-redraw.yaml --out '%s/zh' --no-publish --quiet --lang zh", tmp);
    free(zoneplan(args));
    snprintf(path, sizeof path, "%s/zh/report.md", tmp);
    char *zh = zpt_slurp(path, NULL);
    cr_assert_not_null(zh);
    char *from = strstr(zh, "## 情景变更"), *to = from ? strstr(from, "## 分学段方案") : NULL;
    cr_assert(from && to, "%s", zh);
    *to = '\0';
    for (const char *want =
             "add_school S041（城南九年一贯制学校）：九年一贯制学校，学位 1350（小学）"
             "、1000（初中），班数 30（小学）、20（初中）（第 25 行）\0"
             "close_school S016（城关第九小学）（第 27 行）\0"
             "set_capacity S019（天鹅御府九年一贯制学校）：小学 768 -> 1440\0"
             "add_estate E001（卢家墩新城）：儿童 600（小学）、280（初中）\0";
         *want; want += strlen(want) + 1)
        cr_expect(strstr(from, want), "the changes lack '%s':\n%s", want, from);
    for (const char *en = "children\0, capacity\0, classes\0 primary\0 junior\0(line \0"; *en;
         en += strlen(en) + 1)
        cr_expect(!strstr(from, en), "the Chinese changes say '%s':\n%s", en, from);
    free(zh);
}
