/* The one table of words zoneplan writes for people (words.h): maps, sheets, report.md,
 * diff.md and the terminal summaries, Chinese and English side by side so a term is changed in
 * one place for every output. An entry with printf conversions takes the same arguments, in
 * the same order, in both languages (tests/test_words.c checks each pair). */
#include <stdio.h>
#include <string.h>

#include "zoneplan/errors.h"
#include "zoneplan/words.h"

static const char *const WORDS[][3] = {
    /* maps, sheets and map.html (src/publish) */
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
    {"bridge", "桥梁（步行可过河处）", "bridge (where the walk crosses)"},
    {"legend", "图例", "Legend"},
    {"north", "北", "N"},
    {"metres", "米", "m"},
    {"km", "千米", "km"},
    {"community", "小区（村组）", "Community"},
    {"children", "适龄儿童", "Children"},
    {"distance", "距离（米）", "Distance (m)"},
    {"walk_distance", "步行距离（米）", "Walk (m)"},
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
    /* the map of a redraw (changes.c) */
    {"changes", "学区调整", "changes"},
    {"changes_sub", "%s学区调整：与“%s”相比", "%s: what changes from \"%s\""},
    {"changes_moved", "变更学校的地块（新学校的颜色）",
     "Blocks that change school (new school's colour)"},
    {"changes_new", "新学区界线", "New catchment boundary"},
    {"changes_old", "原学区界线", "Old catchment boundary"},
    {"changes_no_place", "新方案中无学位", "No place in the new plan"},
    {"changes_count", "%zu 个地块、%lld 名儿童变更学校", "%zu blocks, %lld children change school"},
    {"changes_gone", "另有 %zu 个地块只在原方案中（未绘出）",
     "%zu more blocks only in the old plan (not drawn)"},
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
    {"web_changes", "学区调整", "What changed"},
    {"web_was", "原学校", "School before"},
    {"web_was_new", "新增地块", "new block"},
    {"web_hint", "在左上角输入小区名称查找；鼠标移到小区上可查看其学校和距离；点击学校查看详情。",
     "Find a community by name (top left); hover over a block to see its school and distance; "
     "click a school for its figures."},
    {"web_blocks_omitted", "小区数量过多，未在网页中绘制：",
     "Too many blocks to draw in a web page, left out: "},
    /* report.md (src/out/report.c, redraw.c) */
    {"rep_intro",
     "%zu 个地块，%zu 所学校。政策：班额上限 %d 人（小学）/ %d 人（初中），学校规模上限 %d / %d / "
     "%d 人（小学 / 初中 / 九年一贯制），服务半径 %.0f 米 / %.0f 米，%s。\n\n",
     "%zu blocks, %zu schools. Policy: classes of at most %d (primary) / %d (junior), schools of "
     "at most %d / %d / %d pupils (primary / junior / nine-year), service radius %.0f m / %.0f m, "
     "%s.\n\n"},
    {"rep_dist_network",
     "距离按步行计算：沿道路网（%zu 条可步行道路，共 %.0f 公里，%zu "
     "个连通部分），地块和学校先走到最近的"
     "可步行道路（不穿越障碍），再沿道路前往。步行超出服务半径的儿童：小学 %lld 人，初中 %lld 人；"
     "步行无法到达任何学校的儿童（不可达）：%lld 人。\n\n",
     "Distances are walked on the road network (%zu walkable lines, %.0f km, connected parts: "
     "%zu): "
     "each block and school joins the nearest walkable road (crossing no barrier), then the walk "
     "follows the roads. Children beyond the walking radius: %lld primary, %lld junior; children "
     "who can reach no school on foot (unreachable): %lld.\n\n"},
    {"rep_dist_straight",
     "距离为地块与学校代表点之间的直线距离（情景未提供道路图层 "
     "roads:），步行距离更长。超出服务半径的"
     "儿童：小学 %lld 人，初中 %lld 人。\n\n",
     "Distances are straight lines between the blocks' and the schools' points (the scenario has "
     "no roads: layer); a walk is longer. Children beyond the radius: %lld primary, %lld "
     "junior.\n\n"},
    {"rep_unreach_head", "\n## 步行不可达的地块\n\n",
     "\n## Blocks that reach no school on foot\n\n"},
    {"rep_unreach_intro",
     "这些地块的儿童沿道路无法到达本学段任何有学位的学校（道路不连通，或被障碍隔断），计为学位缺口"
     "，"
     "原因为不可达（unreachable），不按直线分配：\n\n",
     "The children of these blocks cannot reach any school of their level with places on the "
     "roads (a road network apart, or barriers in the way): they are shortfall, reason "
     "unreachable, never placed by a straight line:\n\n"},
    {"rep_unreach_table", "| 学段 | 地块 | 名称 | 儿童 |\n|---|---|---|---:|\n",
     "| level | block | name | children |\n|---|---|---|---:|\n"},
    {"rep_unreach_more", "\n……另有 %zu 个地块（共 %lld 名儿童）。\n",
     "\n... and %zu more blocks (%lld children in all).\n"},
    {"rep_caps_enforced", "规模上限计入学位容量", "caps enforced in capacity"},
    {"rep_caps_checked", "规模上限只检查、不限制学位（学位数 = 座位数）",
     "caps checked, not enforced (capacity = seats)"},
    {"rep_changes_head", "## 情景变更\n\n规划前按顺序应用于数据：\n\n",
     "## Scenario changes\n\nApplied in order to the data before planning:\n\n"},
    {"rep_change_item", "%zu. %s（第 %d 行）\n", "%zu. %s (line %d)\n"},
    {"rep_plan_head",
     "## 分学段方案\n\n每个地块整体划入一所有学位的学校，就近优先：LP "
     "下界是允许地块拆分时的精确最优"
     "值，目标值是整块方案的值；学校无法接收的儿童记为未分配（学位缺口）。\n\n",
     "## Plan by level\n\nEvery block goes whole to one school within capacity, nearest first: "
     "the LP bound is the exact optimum with blocks allowed to split, the objective that of the "
     "whole-block plan; children a school cannot take stay unplaced (shortfall).\n\n"},
    {"rep_exact_head",
     "\n### 整块最优解的证明\n\n在 LP "
     "对偶价格下，凡不可能出现在目标值以内方案中的地块—学校组合被剔除，其余交给"
     "分支定界（CBC）在限定时间内求解：证明下界不超过任何方案的目标值，证明差距为目标值与下界之差。"
     "连片模型要求学区内每个地块都与同一学区中离学校更近的地块相邻（以离学校最近的地块为根），"
     "因此每个学区天然连成一片。\n\n"
     "拉格朗日下界把“每个地块只去一所学校”松弛为乘子，问题按学校分解为背包（在学位以内取哪些地块，"
     "至多一个地块只安排部分儿童），用动态规划精确求解；它不低于 LP 下界。\n\n"
     "| 学段 | 模型 | LP 下界（人·米） | 拉格朗日下界（人·米） | 证明下界（人·米） | "
     "目标值（人·米） | "
     "证明差距 | 结果 | 分支节点数 |\n"
     "|---|---|---:|---:|---:|---:|---:|---|---:|\n",
     "\n### The whole-block optimum, proven\n\nUnder the LP's prices every block-school pair "
     "that cannot be in a plan within the objective is dropped; the rest goes to branch and "
     "cut (CBC) within the time allowed. The proven bound is below every plan's objective; the "
     "proven gap is the objective's distance from it. The contiguous model asks every block of "
     "a catchment to touch a block of the same catchment closer to the school (the block "
     "nearest the school is the root), so each catchment is one piece by construction. The "
     "Lagrangian bound relaxes \"each block to one school\" with multipliers: the problem splits "
     "into a knapsack per school (which blocks within its places, at most one of them placed in "
     "part), solved exactly by dynamic programming; it is never below the LP bound.\n\n"
     "| level | model | LP bound (child-m) | Lagrangian bound (child-m) | proven bound (child-m) "
     "| objective (child-m) | proven gap | result | nodes |\n"
     "|---|---|---:|---:|---:|---:|---:|---|---:|\n"},
    {"rep_exact_plain", "整块", "whole blocks"},
    {"rep_exact_contig", "整块且连片", "whole blocks, one piece each"},
    {"rep_exact_optimal", "已证明最优", "proven optimal"},
    {"rep_exact_limit", "到达时间限制", "time limit reached"},
    {"rep_exact_large", "模型过大，未求解", "model too large, not tried"},
    {"rep_exact_candidates", "候选组合内最优", "optimal over the candidate pairs"},
    {"rep_exact_kept", "未采用：连片模型未在时限内找到不差于修复方案的解",
     "not taken: no contiguous plan as good as the repaired one within the time"},
    {"rep_exact_price",
     "\n连片的代价（%s）：整块方案 %.0f 人·米，连片处理后（修复或连片模型）%.0f 人·米，相差 %+.0f "
     "人·米（%+.3f%%），"
     "%lld 名儿童所在地块改划，学位缺口变化 %+lld 人。\n",
     "\nThe price of contiguity (%s): whole-block plan %.0f child-m, after contiguity (the repair "
     "or the rule's plan, as the table says) %.0f child-m, "
     "%+.0f child-m (%+.3f %%); %lld children in blocks that change school; shortfall %+lld.\n"},
    {"rep_level_table",
     "| 学段 | 适龄儿童 | 学位 | 已分配 | 学位缺口 | 平均距离（米） | 超出服务半径 | LP "
     "下界（人·米） "
     "| 目标值（人·米） | 差距 |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n",
     "| level | children | places | placed | shortfall | mean distance (m) | beyond radius | LP "
     "bound (child-m) | objective (child-m) | gap |\n"
     "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n"},
    {"rep_checks_head", "\n## 政策检查\n\n", "\n## Policy checks\n\n"},
    {"rep_compare_cur",
     "| 检查项 | 预警数（现行学区） | 预警数（方案） | 涉及儿童（现行学区） | 涉及儿童（方案） |\n"
     "|---|---:|---:|---:|---:|\n",
     "| check | flags, current catchments | flags, plan | children concerned, current catchments "
     "| children concerned, plan |\n|---|---:|---:|---:|---:|\n"},
    {"rep_compare", "| 检查项 | 预警数 | 涉及儿童 |\n|---|---:|---:|\n",
     "| check | flags | children concerned |\n|---|---:|---:|\n"},
    {"rep_flag_class_size", "平均班额超标", "average class size over the cap"},
    {"rep_flag_large_class", "大班额（56 人及以上）", "large classes (56+, 大班额)"},
    {"rep_flag_very_large_class", "超大班额（66 人及以上）", "very large classes (66+, 超大班额)"},
    {"rep_flag_classrooms", "教室不足", "classrooms short"},
    {"rep_flag_school_cap", "学校规模超标", "school over its size cap"},
    {"rep_flag_over_capacity", "超出学位", "over capacity"},
    {"rep_flag_beyond_radius", "超出服务半径", "beyond the service radius"},
    {"rep_flag_shortfall", "无学位（学位缺口）", "no place (shortfall)"},
    /* the flag column of report.md and diff.md: flags.csv's names in English */
    {"rep_flagcol_class_size", "班额超标", "class_size"},
    {"rep_flagcol_large_class", "大班额", "large_class"},
    {"rep_flagcol_very_large_class", "超大班额", "very_large_class"},
    {"rep_flagcol_classrooms", "教室不足", "classrooms"},
    {"rep_flagcol_school_cap", "规模超标", "school_cap"},
    {"rep_flagcol_over_capacity", "超出学位", "over_capacity"},
    {"rep_flagcol_beyond_radius", "超出服务半径", "beyond_radius"},
    {"rep_flagcol_shortfall", "无学位", "shortfall"},
    {"unit_class_size", "人/班", "pupils/class"},
    {"unit_large_class", "人/班", "pupils/class"},
    {"unit_very_large_class", "人/班", "pupils/class"},
    {"unit_classrooms", "间教室", "classrooms"},
    {"unit_school_cap", "人", "pupils"},
    {"unit_over_capacity", "人", "pupils"},
    {"unit_beyond_radius", "米", "m"},
    {"unit_shortfall", "人", "children"},
    {"rep_children_note",
     "\n涉及儿童：超出学位或学校规模上限的（超出部分的学生数）、超出服务半径的、没有学位的儿童；"
     "班额和教室的预警针对班级，不计儿童数。\n",
     "\nChildren concerned: over capacity or the school cap (pupils above it), beyond the service "
     "radius, without a place; flags on class sizes and classrooms concern classes and count no "
     "children.\n"},
    {"rep_violations_head", "\n## 方案中的违规项\n\n", "\n## Violations in the plan\n\n"},
    {"rep_no_violations", "方案满足所有上限：没有违规项。\n",
     "The plan meets every cap: no violations.\n"},
    {"rep_violations_table",
     "| 学校 | 名称 | 学段 | 年级 | 预警 | 数值 | 上限 | 单位 | 儿童 |\n"
     "|---|---|---|---|---|---:|---:|---|---:|\n",
     "| school | name | level | grade | flag | value | limit | unit | children |\n"
     "|---|---|---|---|---|---:|---:|---|---:|\n"},
    {"rep_more_rows", "\n另有 %zu 行见 flags.csv。\n", "\n%zu more rows in flags.csv.\n"},
    {"rep_no_place", "（无学位）", "(no place)"},
    {"rep_closed_head",
     "\n## 停办学校\n\n停办学校没有学区；其现行学区的儿童在方案中去往以下学校：\n\n"
     "| 停办学校 | 学段 | 去往学校 | 名称 | 儿童 |\n|---|---|---|---|---:|\n",
     "\n## Closed schools\n\nA closed school has no catchment; the children of its current "
     "catchment go to these schools in the plan:\n\n"
     "| closed school | level | to school | name | children |\n|---|---|---|---|---:|\n"},
    {"rep_closed_unknown",
     "\n## "
     "停办学校\n\n停办学校没有学区。数据中没有现行学区（blocks."
     "current），因此无法列出其学生的去向。\n",
     "\n## Closed schools\n\nA closed school has no catchment. The data gives no current "
     "catchments "
     "(blocks.current), so where its pupils go cannot be listed.\n"},
    /* the quality-balance audit (report.md, booklet, diff.md) */
    {"ind_qualified_teachers", "每百名学生拥有高于规定学历教师数",
     "Teachers above the required qualification per 100 pupils"},
    {"ind_key_teachers", "每百名学生拥有县级及以上骨干教师数",
     "County-level or higher key teachers per 100 pupils"},
    {"ind_pe_arts_teachers", "每百名学生拥有体育、艺术（美术、音乐）专任教师数",
     "PE and arts (music, fine art) teachers per 100 pupils"},
    {"ind_teaching_area", "生均教学及辅助用房面积（平方米）",
     "Teaching and auxiliary floor area per pupil (m²)"},
    {"ind_sports_area", "生均体育运动场馆面积（平方米）",
     "Sports ground and hall area per pupil (m²)"},
    {"ind_equipment_value", "生均教学仪器设备值（元）",
     "Teaching equipment value per pupil (yuan)"},
    {"ind_multimedia_rooms", "每百名学生拥有网络多媒体教室数",
     "Networked multimedia classrooms per 100 pupils"},
    {"indshort_qualified_teachers", "高学历教师", "Qualified teachers"},
    {"indshort_key_teachers", "骨干教师", "Key teachers"},
    {"indshort_pe_arts_teachers", "体艺教师", "PE & arts teachers"},
    {"indshort_teaching_area", "教学用房", "Teaching area"},
    {"indshort_sports_area", "体育场馆", "Sports area"},
    {"indshort_equipment_value", "仪器设备", "Equipment"},
    {"indshort_multimedia_rooms", "多媒体教室", "Multimedia rooms"},
    {"audit_pass", "达标", "pass"},
    {"audit_fail", "未达标", "fail"},
    {"audit_not_assessed", "未评估", "not assessed"},
    {"audit_title", "优质均衡督导评估：资源配置", "Quality-balance audit: resources"},
    {"audit_threshold", "标准值", "Threshold"},
    {"audit_cv", "差异系数", "Difference coefficient"},
    {"audit_cv_limit", "上限", "limit"},
    {"audit_verdict", "结论", "Verdict"},
    {"audit_met", "达标项", "Met"},
    {"audit_schools_pass", "%d 所学校中 %d 所达标", "%d schools, %d pass"},
    {"audit_rule",
     "标准：《县域义务教育优质均衡发展督导评估办法》（2017）。7 项指标中至少 %d 项达到标准值，"
     "余项不低于标准值的 %.0f%%；校际差异系数%s不高于 %.2f。",
     "Standard: the national quality-balance evaluation of 2017 "
     "(县域义务教育优质均衡发展督导评估办法). "
     "A school passes when at least %d of the 7 indicators reach their thresholds and the other "
     "reaches %.0f%% of its own; the difference coefficient%s is at most %.2f."},
    {"audit_weighted", "（按学生数加权）", " (weighted by pupils)"},
    {"audit_unweighted", "（不加权）", " (unweighted)"},
    {"audit_split", "九年一贯制学校的全校资源按各学段学生数分摊（初中学生权重 %g）。",
     "A nine-year school's whole-school resources are split between its levels by pupils (a "
     "junior pupil weighs %g)."},
    {"audit_school", "学校", "School"},
    {"audit_pupils", "学生数", "Pupils"},
    {"audit_current", "现行学区", "current"},
    {"audit_plan", "方案", "plan"},
    {"audit_current_head", "现行学区", "Current catchments"},
    {"audit_plan_head", "方案", "Plan"},
    {"audit_cv_side", "差异系数（%s，上限 %.2f）", "Difference coefficient, %s (limit %.2f)"},
    {"audit_side_line", "%s：%s；县域结论：%s", "%s: %s; county verdict: %s"},
    {"audit_legend", "红底数值：未达到标准值（校）或超出上限（差异系数）。",
     "Figures on red: below the threshold (a school's) or over the limit (a coefficient)."},
    {"rep_audit_head", "\n## 优质均衡督导评估（资源配置）\n\n",
     "\n## Quality-balance audit (resource allocation)\n\n"},
    {"rep_audit_intro",
     "每所学校的 7 项资源配置指标对照 2017 年国家标准（县域义务教育优质均衡发展督导评估办法%s）。"
     "至少 %d 项达到标准值、其余项不低于标准值的 %.0f%% 为达标；没有数据的指标不评估，不按零计。"
     "各指标的校际差异系数%s。%s\n\n",
     "Seven resource indicators per school against the thresholds of the national standard of "
     "2017 (县域义务教育优质均衡发展督导评估办法%s). A school passes when at least %d reach their "
     "thresholds and any other reaches at least %.0f%% of its own; an indicator without data is "
     "not assessed, never counted as zero. The inter-school difference coefficient (校际差异系数) "
     "of each indicator is %s. %s\n\n"},
    {"rep_audit_cv_weighted",
     "按学生数加权：X̄ = 资源总量 / 学生总数，CV = √(Σ (P_i/P)(X_i − X̄)²) / X̄",
     "weighted by pupils: X̄ = total resource / total pupils, CV = √(Σ (P_i/P)(X_i − X̄)²) / X̄"},
    {"rep_audit_cv_unweighted", "不加权：各校数值的标准差除以平均值（policy.audit.cv: unweighted）",
     "unweighted: the standard deviation of the schools' figures over their mean "
     "(policy.audit.cv: unweighted)"},
    {"rep_audit_county",
     "| 学段 | 指标 | 标准值 | 差异系数（现行学区） | 差异系数（方案） | 上限 | 方案 |\n"
     "|---|---|---:|---:|---:|---:|---|\n",
     "| level | indicator | threshold | CV, current catchments | CV, plan | limit | plan |\n"
     "|---|---|---:|---:|---:|---:|---|\n"},
    {"rep_audit_cv_met", "在上限内", "within the limit"},
    {"rep_audit_cv_over", "**超出上限**", "**over the limit**"},
    {"rep_audit_count", "\n%s：现行学区下 %d 所学校中 %d 所达标，方案下 %d 所中 %d 所达标。\n",
     "\n%s: %d schools assessed, %d pass under the current catchments; %d assessed, %d pass "
     "under the plan.\n"},
    {"rep_audit_count_plan", "\n%s：方案下 %d 所学校中 %d 所达标。\n",
     "\n%s: %d schools assessed, %d pass under the plan.\n"},
    {"rep_audit_failing",
     "\n未达标（现行学区或方案）的学校：\n\n| 学校 | 名称 | 学段 | 现行学区 | 方案 | 学生（现行 → "
     "方案） | "
     "未达标指标（方案：数值 / 标准值） |\n|---|---|---|---|---|---|---|\n",
     "\nSchools failing under the current catchments or the plan:\n\n| school | name | level | "
     "current | plan | pupils (current → plan) | short (plan: value / threshold) |\n"
     "|---|---|---|---|---|---|---|\n"},
    {"rep_audit_no_failing", "\n现行学区和方案下都没有未达标的学校。\n",
     "\nNo school fails, under the current catchments or the plan.\n"},
    {"rep_audit_changes_head", "\n方案带来的变化：\n\n", "\nWhat the plan changes:\n\n"},
    {"rep_audit_change", "- %s（%s，%s）：%s → %s\n", "- %s (%s, %s): %s → %s\n"},
    {"rep_audit_no_change", "\n方案没有改变任何学校的评估结论。\n",
     "\nThe plan changes no school's verdict.\n"},
    {"rep_audit_enforced",
     "\nenforce_audit：每所学校的学位上限取其仍能达标的最大在校生数：\n\n| 学校 | 名称 | 学段 | "
     "不考虑评估的学位 | 学位 | 限制指标 |\n|---|---|---|---:|---:|---|\n",
     "\nWith enforce_audit, a school's places are capped at the most pupils with which it still "
     "passes:\n\n| school | name | level | places without the audit | places | limited by |\n"
     "|---|---|---|---:|---:|---|\n"},
    {"rep_audit_enforced_none", "\nenforce_audit：没有学校的学位因评估受限。\n",
     "\nWith enforce_audit: no school's places are limited by the audit.\n"},
    {"rep_audit_guarantee",
     "\n同时检查的政府保障指标：学校规模不超过 %d 人（小学）、%d 人（初中）、%d 人（九年一贯制）"
     "（见上文 school_cap 预警）；班额不超过 %d / %d 人（见 class_size "
     "预警）；按学区就近入学的学生比例：%s。\n",
     "\nGovernment guarantee, checked alongside: school size at most %d (primary), %d (junior), %d "
     "(nine-year) pupils (the school_cap flags above); classes at most %d / %d (the class_size "
     "flags); pupils admitted to their nearest school: %s.\n"},
    {"diff_audit_head", "\n## 优质均衡督导评估（方案）\n\n",
     "\n## Quality-balance audit (the plans)\n\n"},
    {"diff_audit_one",
     "只有一次运行做了评估：运行 %c 的方案没有映射学校资源（schools.resources）。\n",
     "Only one run has an audit: run %c's scenario maps no school resources "
     "(schools.resources).\n"},
    {"diff_audit_count", "- %s：达标学校 A %d/%d，B %d/%d\n",
     "- %s: schools passing, A %d of %d, B %d of %d\n"},
    {"diff_audit_cv",
     "\n变化的校际差异系数：\n\n| 学段 | 指标 | A | B | 上限 |\n|---|---|---:|---:|---:|\n",
     "\nDifference coefficients that change:\n\n| level | indicator | A | B | limit |\n"
     "|---|---|---:|---:|---:|\n"},
    {"diff_audit_cv_same", "\n两次运行的校际差异系数相同。\n",
     "\nThe difference coefficients are the same in both runs.\n"},
    {"diff_audit_schools",
     "\n评估结论或达标指标变化的学校：\n\n| 学校 | 名称 | 学段 | A | B | 达标情况变化的指标（A → "
     "B） |\n"
     "|---|---|---|---|---|---|\n",
     "\nSchools whose verdict or met indicators change:\n\n| school | name | level | A | B | "
     "indicators that change or fall short (A → B) |\n|---|---|---|---|---|---|\n"},
    {"diff_audit_schools_same", "\n没有学校的评估结论或达标指标发生变化。\n",
     "\nNo school's verdict or met indicators change.\n"},
    {"site_audit_head", "\n## 优质均衡督导评估（规划方案）\n\n",
     "\n## Quality-balance audit of the plan\n\n"},
    {"site_audit_level", "- %s：%d 所学校达标（共 %d 所）\n", "- %s: %d of %d schools pass\n"},
    {"site_audit_enforced",
     "\n选址时已按 enforce_audit "
     "计算学位：每所学校（含新建学校，按设计的资源）只接收仍能达标的学生数，"
     "因此所选方案偏向全部达标的方案。详见 plan/report.md 与 plan/audit.csv。\n",
     "\nThe siting counted places under enforce_audit: every school (the new ones by their "
     "designs' resources) takes only as many pupils as it passes with, so the choice prefers "
     "plans that pass. Details: plan/report.md and plan/audit.csv.\n"},
    {"site_audit_hint",
     "\n详见 plan/report.md 与 plan/audit.csv。若要选址偏向全部达标的方案，设 "
     "policy.enforce_audit: "
     "true（新建学校按 designs 的 resources 计）。\n",
     "\nDetails: plan/report.md and plan/audit.csv. To make the siting prefer plans that pass, set "
     "policy.enforce_audit: true (new schools count with their designs' resources).\n"},
    {"rep_warnings_head", "\n## 警告\n\n", "\n## Warnings\n\n"},
    {"rep_none", "无。\n", "None.\n"},
    {"rep_more_warnings", "- ……另有 %zu 条\n", "- ... and %zu more\n"},
    {"rep_oom", "（内存不足）\n", "(out of memory)\n"},
    {"rep_piece_island", "孤岛：没有学校的主体片区与它在同一块陆地上（没有公共边界可达）",
     "island: no school's main area is on the same land (no shared boundary reaches it)"},
    {"rep_piece_locked", "锁定的地块使其留在本校", "locked blocks keep it with this school"},
    {"rep_piece_enclosed", "没有学区的主体片区与它相邻：其相邻地块都没有学位或也是分离的片",
     "no catchment's main area touches it: its neighbours are blocks without a place or other "
     "pieces apart"},
    {"rep_piece_feeder", "对口直升片区：整个小学学区划入本初中，不再切分",
     "feeder zone: whole primary catchments go to this junior school and are not re-cut"},
    {"rep_piece_unfinished", "修复达到轮次上限时，相邻学区仍有学位",
     "repair stopped at its pass limit while a neighbour still had room"},
    {"rep_piece_full",
     "与它相邻的学区主体片区都已满员，依次让出边缘地块的链式调整也找不到有学位的学区",
     "the catchments whose main areas touch it are full, and no chain of neighbours handing "
     "edge blocks on reaches one with room"},
    {"rep_piece_crossing",
     "跨越阻隔：它所在的区域学位少于儿童（见下表），须有儿童到阻隔另一侧的学校就读",
     "across a barrier: the land it is on has fewer places than children (table below), so some "
     "children must go to a school on other land"},
    {"rep_lands_table",
     "\n被河流等阻隔（或地图缺口）分开、学位少于儿童的区域：每个儿童都有学位时，至少“须跨越”名儿童"
     "要到其他区域的学校，因而至少“至少分离的片”个学区必然跨越阻隔（其他区域学位最多的学校"
     "依次相加才够）；这是证明，不是修复的局限。本方案分离的片多于此数时，多出的片未被证明必要。\n"
     "\n"
     "| 学段 | 区域（首个地块） | 地块 | 儿童 | 区域内学校的学位 | 须跨越 | 至少分离的片 | "
     "本方案分离的片 |\n|---|---|---:|---:|---:|---:|---:|---:|\n",
     "\nLand cut off by a river or other barrier (or a gap in the map) with fewer places than "
     "children: with every child placed, at least \"must cross\" children go to schools on other "
     "land, so at least \"parts at least\" catchments reach across it (the largest schools "
     "elsewhere, added up, are needed to hold them): a proof, not a limit of the repair. Where "
     "this plan has more parts, the extra ones are not proven necessary.\n\n"
     "| level | land (first block) | blocks | children | places of its schools | must cross | "
     "parts at least | parts in this plan |\n|---|---|---:|---:|---:|---:|---:|---:|\n"},
    {"rep_fewer_crossings",
     "\n%s：第一次求解有 %d 片跨越阻隔，多于至少需要的片数；于是把跨越限定给现在跨越儿童最多、"
     "学位够用的最少几所学校，重新求解并修复：跨越阻隔的片 %d → %d，目标值 %s → %s 人·米（%s）。"
     "少一片跨越的学区优先于距离，代价如上。\n",
     "\n%s: the first solve reached across with %d parts, more than the least needed; the level "
     "was solved again with the crossings limited to the fewest schools crossing now (most "
     "children across first) whose places suffice, and repaired: parts across %d -> %d, "
     "objective %s -> %s child-m (%s). A catchment fewer across a barrier comes before the "
     "distance; that is its price.\n"},
    {"rep_contig_head", "\n## 连片性\n\n", "\n## Contiguity\n\n"},
    {"rep_contig_off", "未检查（`policy.contiguity: false`）。\n",
     "Not checked (`policy.contiguity: false`).\n"},
    {"rep_adjacency",
     "两个地块的边界在 %.1f 米以内并行至少 %.1f 米时视为相邻（仅角点相接不算）：共 %zu 条公共边界。"
     "\n\n",
     "Blocks are neighbours when their boundaries run within %.1f m of each other for at least "
     "%.1f m (touching at a corner does not count): %zu shared boundaries.\n\n"},
    {"rep_contig_table",
     "| 学段 | 修复前分离的片 | 调整的地块 | 调整的儿童 | 修复前目标值（人·米） | 修复后 | 变化 "
     "| 因连片而无学位的儿童 | 仍分离的片 |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|\n",
     "| level | pieces apart before repair | blocks moved | children moved | objective before "
     "repair (child-m) | after repair | change | children without a place for contiguity | "
     "pieces left apart |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|\n"},
    {"rep_contig_how", "\n- %s：%s", "\n- %s: %s"},
    {"rep_contig_joined",
     "分离的片并入相邻学区（其中 %zu "
     "片经链式调整：相邻学区依次把边缘地块让给下一个学区，直到有学位）",
     "pieces joined to neighbouring catchments (%zu of them by chains: each neighbour hands edge "
     "blocks on to the next until one has room)"},
    {"rep_contig_grown",
     "各校从本校最近的地块按 LP 学位价格重新连片生长（比连接分离的片更好），剩余的片再行连接",
     "catchments grown afresh from each school's nearest block in the order of the LP's prices "
     "(better than joining the pieces), what growing left apart then joined"},
    {"rep_contig_whole_graph",
     "\n按公共边界，每个学区都连成一片；但地图上有的学区轮廓分成几块（见下表）。\n",
     "\nOver shared boundaries every catchment is one connected piece; on the map some outlines "
     "are in more parts (table below).\n"},
    {"rep_map_parts_table",
     "\n地图上分成几块的学区轮廓（地块本身就由相隔的几块组成时，无论怎样划片都是如此）：\n\n"
     "| 学段 | 学校 | 按公共边界的片数 | 地图上的块数 | 本身分成几块的地块（块数） |\n"
     "|---|---|---:|---:|---|\n",
     "\nCatchment outlines in more parts on the map than over shared boundaries (a block drawn "
     "in parts apart itself gives its catchment as many, whatever the plan):\n\n"
     "| level | school | pieces over shared boundaries | parts on the map | blocks in parts apart "
     "themselves (parts) |\n|---|---|---:|---:|---|\n"},
    {"rep_contig_whole", "\n每个学区都连成一片。\n", "\nEvery catchment is one connected piece.\n"},
    {"rep_pieces_table",
     "\n与本校主体片区分离的片：\n\n| 学段 | 学校 | 片（首个地块） | 地块 | 儿童 | 原因 |\n"
     "|---|---|---|---:|---:|---|\n",
     "\nPieces that stay apart from their school's main area:\n\n"
     "| level | school | piece (first block) | blocks | children | why |\n"
     "|---|---|---|---:|---:|---|\n"},
    {"rep_moves_head",
     "\n## 调整\n\n调整惩罚：每名离开现就读学校的儿童计 %.0f 米（`policy.move_penalty_m`；0 "
     "表示不论现行学区，就近分配到有学位的学校）。\n\n"
     "| 学段 | 已分配儿童 | 离开现就读学校 | 占比 | 因锁定保留 |\n|---|---:|---:|---:|---:|\n",
     "\n## Moves\n\nMove penalty: %.0f m per child placed away from today's school "
     "(`policy.move_penalty_m`; 0 = nearest school with room, whatever today's zones).\n\n"
     "| level | children placed | moved off today's school | share | kept by a lock |\n"
     "|---|---:|---:|---:|---:|\n"},
    {"rep_shape_head",
     "\n## 学区形状与距离\n\nPolsby-Popper 紧凑度为 4πA/P²（圆为 1，狭长或破碎的学区接近 0）；"
     "距离按儿童人数加权，自地块至学校。\n\n"
     "| 学校 | 学段 | 地块 | 儿童 | 片数 | 面积（平方千米） | Polsby-Popper | 平均（米） | "
     "95 百分位（米） | 最大（米） |\n|---|---|---:|---:|---:|---:|---:|---:|---:|---:|\n",
     "\n## Catchment shape and distance\n\nPolsby-Popper compactness is 4πA/P² (1 for a circle, "
     "near 0 for a long thin or ragged zone); distances are children-weighted, from the block to "
     "the school.\n\n"
     "| school | level | blocks | children | pieces | area (km²) | Polsby-Popper | mean (m) | 95th "
     "percentile (m) | max (m) |\n|---|---|---:|---:|---:|---:|---:|---:|---:|---:|\n"},
    {"rep_feeder_head",
     "\n## 对口直升片区\n\n每个小学学区的初中学生对口升入一所初中；九年一贯制学校的小学学区首先直升"
     "本校初中部，直至其学位用完。其余按整个小学学区精确分配（GLPK 对学区 × 初中分支切割）；没有"
     "学校能整体接收的学区逐个地块分配。差距相对于允许学区拆分的松弛问题，衡量保持学区完整的代价。"
     "初中片区由小学学区合并而成：其分片情况列在下文，不再切分。锁定不约束对口直升片区。\n\n"
     "| 小学 | 初中 | 初中学生 | |\n|---|---|---:|---|\n",
     "\n## Feeder zones (对口直升)\n\nEach primary catchment sends its junior pupils to one "
     "junior school; a nine-year school's catchment goes to its own junior section first (直升), "
     "as far as that section has places. The rest is assigned by whole primary catchments, "
     "exactly (GLPK branch and cut over catchments x junior schools); a catchment no school can "
     "take whole is placed block by block. The gap is to the relaxation in which catchments may "
     "split, so it measures the price of keeping them whole. Junior zones are unions of primary "
     "catchments: their pieces are reported below, not re-cut. Locks do not bind feeder "
     "zones.\n\n| primary school | junior school | junior pupils | |\n|---|---|---:|---|\n"},
    {"rep_feeder_short_head",
     "\n九年一贯制学校本校初中部学位不足以接收其小学学区全部初中学生的（直升至学位用完为止，近的地"
     "块"
     "优先）：\n\n",
     "\nWhere a nine-year school's own junior section has too few places for its primary "
     "catchment (直升 as far as it goes, nearest blocks first):\n\n"},
    {"rep_feeder_short",
     "：%lld / %lld 名初中学生直升（初中部学位 %lld 个）；%lld 名去往其他学校\n",
     ": %lld of %lld junior pupils stay (直升, %lld places); %lld go elsewhere\n"},
    /* diff.md (src/diff/report.c) */
    {"diff_compared", " 对比 ", " compared with "},
    {"diff_run", "- 方案 %c：`", "- Run %c: `"},
    {"diff_run_scenario", "`，情景“", "`, scenario \""},
    {"diff_run_tail", "”，%zu 个地块，方案预警 %zu 条\n", "\", %zu blocks, %zu plan flags\n"},
    {"diff_moved_head", "\n## 变更学校的地块\n\n", "\n## Blocks that change school\n\n"},
    {"diff_nothing", "没有变化：每个地块在各学段都保留原学校。\n",
     "Nothing moved: every block keeps its school at every level.\n"},
    {"diff_moved_table", "| 学段 | 地块 | 儿童 |\n|---|---:|---:|\n",
     "| level | blocks | children |\n|---|---:|---:|\n"},
    {"diff_only",
     "\n%zu 个地块只在方案 A 中（B 中已无），%zu 个只在方案 B "
     "中（新增）；它们计为与“无学校”之间的调整。"
     "\n",
     "\n%zu blocks are only in run A (gone from B), %zu only in run B (new); they count as moves "
     "from or to no school.\n"},
    {"diff_distance_head",
     "\n## 就学距离\n\n儿童人数乘以到方案学校的距离，只计有学校的儿童（blocks.shp）。\n\n"
     "| 学段 | 人·米 A | 人·米 B | 变化 | 平均米 A | 平均米 B | 变化 |\n"
     "|---|---:|---:|---:|---:|---:|---:|\n",
     "\n## Distance to school\n\nChildren times distance to the plan's school, over the "
     "children who have one (blocks.shp).\n\n"
     "| level | child-m A | child-m B | change | mean m A | mean m B | change |\n"
     "|---|---:|---:|---:|---:|---:|---:|\n"},
    {"diff_flags_table",
     "| 预警 | 学校 | 学段 | 年级 | 数值 | 上限 |\n|---|---|---|---|---:|---:|\n",
     "| flag | school | level | grade | value | limit |\n|---|---|---|---|---:|---:|\n"},
    {"diff_resolved", "\n## 方案的政策预警\n\n### 已解决（方案 A 有，方案 B 没有）\n\n",
     "\n## Policy flags of the plan\n\n### Resolved (in run A, not in run B)\n\n"},
    {"diff_introduced", "\n### 新出现（方案 B 有，方案 A 没有）\n\n",
     "\n### Introduced (in run B, not in run A)\n\n"},
    {"diff_children_head", "\n## 各校儿童\n\n各校学区内地块的儿童数，只列有变化的学校。\n\n",
     "\n## Children by school\n\nChildren of the blocks in each school's catchment, for the "
     "schools where it changes.\n\n"},
    {"diff_children_table", "| 学校 | 学段 | 方案 A | 方案 B | 变化 |\n|---|---|---:|---:|---:|\n",
     "| school | level | run A | run B | change |\n|---|---|---:|---:|---:|\n"},
    {"diff_children_same", "没有学校的儿童数发生变化。\n", "No school's children change.\n"},
    {"diff_moves_head", "\n## 学校间调整\n\n", "\n## Moves between schools\n\n"},
    {"diff_moves_table", "| 原学校 | 新学校 | 学段 | 地块 | 儿童 |\n|---|---|---|---:|---:|\n",
     "| from | to | level | blocks | children |\n|---|---|---|---:|---:|\n"},
    {"diff_no_school", "（无）", "(none)"},
    /* the scenario's changes as report.md lists them (src/changes/changes.c): the change's
     * own keyword (add_school, ...) stays as the scenario file has it */
    {"sum_sep", "、", ", "},
    {"sum_level_n", "%lld（%s）", "%lld %s"},
    {"sum_classes", "，班数 ", ", classes "},
    {"sum_type_primary", "小学", "primary"},
    {"sum_type_junior", "初级中学", "junior"},
    {"sum_type_nine_year", "九年一贯制学校", "nine_year"},
    {"sum_school", "%s（%s）", "%s (%s)"},
    {"sum_set_levels", "%s %s：%s%s", "%s %s: %s%s"},
    {"sum_add_school", "add_school %s（%s）：%s，学位 %s%s",
     "add_school %s (%s): %s, capacity %s%s"},
    {"sum_grades_dropped", "（按年级的班数不再使用）", " (per-grade classes dropped)"},
    {"sum_within", "（%s 范围内）", " within %s"},
    {"sum_listed", "（所列）", " listed"},
    {"sum_block", "个地块", " block"},
    {"sum_blocks", "个地块", " blocks"},
    {"sum_scale", "scale_children ×%g：%zu %s%s：儿童 %s",
     "scale_children x%g: %zu%s%s: %s children"},
    {"sum_add_estate", "add_estate %s（%s）：儿童 %s", "add_estate %s (%s): %s children"},
    /* zoneplan site's report.md and summary (src/site/siting_out.c) */
    {"site_design", "%s，%d 个班", "%s, %d classes"},
    {"site_design_nine", "九年一贯制，%d + %d 个班", "nine_year, %d + %d classes"},
    {"site_primary", "小学", "primary"},
    {"site_junior", "初中", "junior"},
    {"site_title", "# 新建学校选址：%s\n\n", "# New-school siting: %s\n\n"},
    {"site_cand_layer", "候选地：%zu 处（%s）", "Candidates: %zu parcels of %s"},
    {"site_cand_grid",
     "候选地：%zu 个网格点（间距 %.0f 米，位于有儿童缺学位或超出服务半径的地块附近）",
     "Candidates: %zu grid points (%.0f m apart, near the blocks with children lacking a place "
     "or beyond the service radius)"},
    {"site_options",
     " × %zu 种设计 = %zu 个方案；最多新建 %d 所。以精确分配评估 %zu 个规划，用时 %.1f 秒。\n\n",
     " x %zu designs = %zu options; at most %d to open. %zu plans scored by the exact assignment "
     "in %.1f s.\n\n"},
    {"site_today_head", "## 现状与新建之后\n\n", "## Today and with the openings\n\n"},
    {"site_level_table",
     "| 学段 | 新建前学位缺口 | 新建后 | 新建前人·米 | 新建后 | 新建前平均距离 | 新建后 |\n"
     "|---|---|---|---|---|---|---|\n",
     "| level | shortfall before | after | child-metres before | after | mean walk before | after "
     "|\n|---|---|---|---|---|---|---|\n"},
    {"site_level_row", "| %s | %lld | %lld | %.0f | %.0f | %.0f 米 | %.0f 米 |\n",
     "| %s | %lld | %lld | %.0f | %.0f | %.0f m | %.0f m |\n"},
    {"site_objective",
     "\n目标值（每名无学位儿童计 %.0f 米，加上人·米）：新建前 %.0f，新建后 %.0f。下界 "
     "%.0f：限制范围内"
     "没有规划低于它，因此本规划与最优相差不超过 %.2f %%。\n\n",
     "\nObjective (penalty %.0f m per child without a place, plus child-metres): %.0f before, "
     "%.0f after. Lower bound %.0f: no plan within the limits scores less, so this plan is "
     "within %.2f %% of the best.\n\n"},
    {"site_openings_head",
     "## 新建学校（按价值排序）\n\n| 序号 | 地点 | 学校 | 设计 | 学位（小学 / 初中） | 服务儿童 | "
     "新建后学位缺口 | 新建后人·米 |\n|---|---|---|---|---|---|---|---|\n",
     "## Openings, most valuable first\n\n| rank | site | school | design | places (primary / "
     "junior) | children served | shortfall after | child-metres after |\n"
     "|---|---|---|---|---|---|---|---|\n"},
    {"site_no_opening", "| - | 无：新建任何学校都不能改善规划 | | | | | | |\n",
     "| - | none: no opening improves the plan | | | | | | |\n"},
    {"site_closure_head", "\n## 拟停办学校\n\n| 学校 | 停办 | 将失去学位的儿童 |\n|---|---|---|\n",
     "\n## Closure candidates\n\n| school | closed | children who would lose a place |\n"
     "|---|---|---|\n"},
    {"site_yes", "是", "yes"},
    {"site_no", "否", "no"},
    {"site_how_to_run",
     "\n运行此规划：`zoneplan run plan.yaml`（本文件夹；以情景为基础，加上 changes.yaml）。此处只按"
     "分配评估；规划的运行还会应用情景的调整惩罚、锁定、对口直升和连片修复（plan/）。\n",
     "\nTo run the plan: `zoneplan run plan.yaml` (this folder; the scenario as its base plus "
     "changes.yaml). Scoring here is the assignment alone; the plan's run also applies the "
     "scenario's move penalty, locks, feeder and contiguity repair (plan/).\n"},
    {"cli_site", "选址：%zu 个候选地 × %zu 种设计，评估 %zu 个规划，%.1f 秒\n",
     "siting:   %zu candidates x %zu designs, %zu plans scored, %.1f s\n"},
    {"cli_site_level", "%-9s 学位缺口 %lld -> %lld，人·米 %.0f -> %.0f\n",
     "%-9s shortfall %lld -> %lld, child-m %.0f -> %.0f\n"},
    {"cli_site_open", "新建 %zu：%s（%s）\n", "open %zu:   %s (%s)\n"},
    {"cli_site_close", "停办：%s %s\n", "close:    %s %s\n"},
    {"cli_site_kept", "保留：其学生将失去学位", "kept open: its pupils would lose places"},
    {"cli_site_closed", "停办", "closed"},
    {"cli_site_bound", "下界：%.0f（目标值 %.0f，差距 %.2f%%）\n",
     "bound:    %.0f (objective %.0f, gap %.2f%%)\n"},
    /* terminal summaries (src/run/print.c, src/diff/diff.c) */
    {"cli_scenario", "情景：%s\n", "scenario: %s\n"},
    {"cli_blocks", "地块：%zu（%s）\n", "blocks:   %zu (%s)\n"},
    {"cli_schools", "学校：%zu（%s）\n", "schools:  %zu (%s)\n"},
    {"cli_level_inputs", "%-8s  %lld 名儿童，%lld 所学校共 %lld 个学位，%lld 个地块有现就读学校\n",
     "%-8s  %lld children, %lld schools with %lld seats, %lld blocks with a current school\n"},
    {"cli_warnings", "警告：%zu 条\n", "warnings: %zu\n"},
    {"cli_roads",
     "道路：%zu 条（可步行 %zu 条，长度为零 %zu 条），%zu 个节点，%zu 条边，共 %.1f 公里，%zu "
     "个连通部分，"
     "%zu 个断头端点（%s）\n",
     "roads:    %zu lines (%zu walkable, %zu of no length), %zu nodes, %zu edges, %.1f km, "
     "connected parts: %zu, dangling ends: %zu (%s)\n"},
    {"cli_roads_part", "          第 %zu 部分：%zu 个地块，%zu 所学校，%zu 条边\n",
     "          part %zu: %zu blocks, %zu schools, %zu edges\n"},
    {"cli_roads_more", "          另有 %zu 个部分：%zu 个地块，%zu 所学校\n",
     "          %zu more parts: %zu blocks, %zu schools\n"},
    {"cli_roads_access",
     "          离最近可步行道路超过 %.0f 米：%zu 个地块，%zu 所学校；无法不穿越障碍到达道路：%zu "
     "个地块，"
     "%zu 所学校\n",
     "          farther than %.0f m from a walkable road: %zu blocks, %zu schools; cut off by a "
     "barrier: %zu blocks, %zu schools\n"},
    {"cli_straight", "距离：直线（无道路图层 roads:）\n",
     "distance: straight lines (no roads: layer)\n"},
    {"cli_run", "%s：%zu 个地块，%zu 所学校\n", "%s: %zu blocks, %zu schools\n"},
    {"cli_level_plan", "%-8s  目标值 %.0f 人·米，LP 下界 %.0f，差距 %.4f%%，学位缺口 %lld\n",
     "%-8s  objective %.0f child-m, LP bound %.0f, gap %.4f%%, shortfall %lld\n"},
    {"cli_moved", "          %lld 名儿童离开现就读学校（调整惩罚 %.0f 米）\n",
     "          %lld children moved off today's school (move penalty %.0f m)\n"},
    {"cli_contig", "          连片：%zu %s分离，调整 %zu %s使其相连（%s 人·米），%zu 片仍分离%s\n",
     "          contiguity: %zu %s apart, %zu %s moved to join them (%s child-m), %zu left "
     "apart%s\n"},
    {"cli_piece", "片", "piece"},
    {"cli_pieces", "片", "pieces"},
    {"cli_block", "个地块", "block"},
    {"cli_blocks_n", "个地块", "blocks"},
    {"cli_why", "（原因见 report.md）", " (why: report.md)"},
    {"cli_flags", "预警：方案 %zu 条，现行学区 %zu 条\n",
     "flags:    %zu in the plan, %zu under the current catchments\n"},
    {"cli_time", "用时：读取 %.2fs，几何 %.2fs，求解 %.2fs，边界 %.2fs，写出 %.2fs\n",
     "time:     load %.2fs, geometry %.2fs, solve %.2fs, outlines %.2fs, write %.2fs\n"},
    {"cli_outputs", "输出：%s/{%s}\n", "outputs:  %s/{%s}\n"},
    {"cli_audit", "优质均衡：%s 方案下 %d/%d 所学校达标", "audit:    %s %d of %d schools pass"},
    {"cli_audit_cur", "（现行学区 %d/%d）", " (current catchments %d of %d)"},
    {"cli_diff_compared", "比较 %s（%s）与 %s（%s）\n", "compared %s (%s) with %s (%s)\n"},
    {"cli_diff_level", "%-8s %zu 个地块、%lld 名儿童变更学校\n",
     "%-8s %zu blocks, %lld children change school\n"},
    {"cli_diff_only", "只在 %s 中的地块：%zu，只在 %s 中的地块：%zu\n",
     "blocks only in %s: %zu, only in %s: %zu\n"},
    {"cli_written", "已写入 %s\n", "written to %s\n"},
    {"cli_published", "已发布：%s/publish\n", "published: %s/publish\n"},
};

#define NWORDS (sizeof WORDS / sizeof WORDS[0])

int zp_lang_parse(const char *text, zp_lang *out)
{
    if (!strcmp(text, "zh") || !strcmp(text, "en")) {
        *out = text[0] == 'z' ? ZP_LANG_ZH : ZP_LANG_EN;
        return ZP_OK;
    }
    return zp_error_set(ZP_EINPUT, "--lang: '%s' is not zh or en", text);
}

/* The word under key, NULL when the table has none. */
static const char *lookup(zp_lang lang, const char *key)
{
    for (size_t i = 0; i < NWORDS; i++)
        if (!strcmp(WORDS[i][0], key))
            return WORDS[i][lang == ZP_LANG_EN ? 2 : 1];
    return NULL;
}

const char *zp_word(zp_lang lang, const char *key)
{
    const char *w = lookup(lang, key);
    return w ? w : key; /* a missing word shows as its key: visible, never a crash */
}

const char *zp_word_level(zp_lang lang, int level)
{
    const char *name = level ? "junior" : "primary";
    return lang == ZP_LANG_EN ? name : zp_word(lang, name);
}

const char *zp_word_of(zp_lang lang, const char *prefix, const char *name)
{
    char key[128];
    snprintf(key, sizeof key, "%s%s", prefix, name);
    const char *w = lookup(lang, key);
    return w ? w : name;
}

size_t zp_words_count(void)
{
    return NWORDS;
}

void zp_words_entry(size_t i, const char **key, const char **zh, const char **en)
{
    *key = WORDS[i][0];
    *zh = WORDS[i][1];
    *en = WORDS[i][2];
}
