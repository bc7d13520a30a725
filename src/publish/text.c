/* The words on maps and sheets, in Chinese (what a notice is printed in) or English (for
 * reviewers and foreign-language notices). Names of schools and communities are the
 * data's own and never translated. */
#include <string.h>

#include "pub_internal.h"

static const char *const WORDS[][3] = {
    {"primary", "小学", "Primary"},
    {"junior", "初中", "Junior middle"},
    {"catchments", "学区划分", "school catchments"},
    {"catchment", "招生范围", "catchment"},
    {"school_primary", "小学", "Primary school"},
    {"school_junior", "初级中学", "Junior middle school"},
    {"school_nine_year", "九年一贯制学校", "Nine-year school"},
    {"flag_school_cap", "学校规模超标", "School over its size cap"},
    {"flag_class_size", "班额超标", "Classes over the cap"},
    {"shortfall", "学位缺口地块", "Blocks with children without a place"},
    {"no_places", "无学位（停办）", "No places (closed)"},
    {"closed_mark", "（停办）", " (closed)"},
    {"year_suffix", "年", ""},
    {"approval_no", "审图号：", "Map approval no. "},
    {"notice", "招生范围公告", "admission area notice"},
    {"notice_grade_primary", "小学一年级新生", "Primary school, grade 1 entrants"},
    {"notice_grade_junior", "初中七年级新生", "Junior middle school, grade 7 entrants"},
    {"notice_intro", "下列小区（村组）的适龄儿童少年，由本校接收入学：",
     "Children of school age living in these communities are admitted to this school:"},
    {"boundary", "学区界线", "Catchment boundary"},
    {"legend", "图例", "Legend"},
    {"north", "北", "N"},
    {"metres", "米", "m"},
    {"km", "千米", "km"},
    {"community", "小区（村组）", "Community"},
    {"children", "适龄儿童", "Children"},
    {"distance", "距离（米）", "Distance (m)"},
    {"note", "备注", "Note"},
    {"beyond_radius", "超出服务半径", "beyond radius"},
    {"enrolment", "招生人数", "Enrolment"},
    {"capacity", "学位数", "Places"},
    {"utilisation", "学位使用率", "Utilisation"},
    {"school_pupils", "全校在校生", "Pupils in the school"},
    {"flags", "预警", "Flags"},
    {"none", "无", "none"},
    {"continued", "（续）", "(continued)"},
    {"page", "页", "page"},
    {"communities", "个小区（村组）", "communities"},
    {"blocks_listed", "招生范围内小区（村组）", "Communities in the catchment"},
    {"unlabelled", "未标注名称的学校", "Schools not labelled"},
    {"mean_distance", "平均就学距离", "Mean distance"},
    {"radius", "服务半径", "Service radius"},
    {"flag_beyond_radius", "有儿童超出服务半径", "Children beyond the service radius"},
    {"flag_classrooms", "教室不足", "Too few classrooms"},
    {"flag_large_class", "大班额", "Large classes"},
    {"flag_very_large_class", "超大班额", "Very large classes"},
    {"flag_over_capacity", "超出学位", "Over capacity"},
    {"flag_shortfall", "学位缺口", "Children without a place"},
    {"made_by", "zoneplan 生成", "made by zoneplan"},
    /* map.html's own words (html.c) */
    {"web_school", "学校", "School"},
    {"web_distance", "距离", "Distance"},
    {"web_metres", "米", "m"},
    {"web_children", "适龄儿童", "Children"},
    {"web_enrolled", "招生", "Enrolled"},
    {"web_capacity", "学位", "Places"},
    {"web_pupils", "在校生", "Pupils (whole school)"},
    {"web_school_cap", "规模上限", "School size cap"},
    {"web_flags", "预警", "Flags"},
    {"web_none", "无", "none"},
    {"web_no_place", "未分配学位", "no place"},
    {"web_search", "输入小区（村组）名称查找", "Find a community by name"},
    {"web_no_match", "没有找到", "no match"},
    {"web_hint", "在左上角输入小区名称查找；鼠标移到小区上可查看其学校和距离；点击学校查看详情。",
     "Find a community by name (top left); hover over a block to see its school and distance; "
     "click a school for its figures."},
    {"web_blocks_omitted", "小区数量过多，未在网页中绘制：",
     "Too many blocks to draw in a web page, left out: "},
};

const char *zp_pub_word(const zp_pub *p, const char *key)
{
    for (size_t i = 0; i < sizeof WORDS / sizeof WORDS[0]; i++)
        if (!strcmp(WORDS[i][0], key))
            return WORDS[i][p->lang == ZP_LANG_EN ? 2 : 1];
    return key; /* a missing word shows as its key: visible, never a crash */
}
