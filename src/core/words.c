/* The one table of words zoneplan writes for people (words.h): maps, sheets, report.md,
 * diff.md and the terminal summaries, Chinese and English side by side so a term is changed in
 * one place for every output. An entry with printf conversions takes the same arguments, in
 * the same order, in both languages (tests/test_words.c checks each pair). The audit's many
 * words are in their own part of the table (words_audit.c). */
#include <stdio.h>
#include <string.h>

#include "core/words_internal.h"
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
    {"sum_assign", "assign %zu %s → %s，%s：儿童 %lld", "assign %zu%s to %s, %s: %lld children"},
    {"sum_lock", "lock %zu %s：保持现学校", "lock %zu%s at today's school"},
    {"sum_unassign", "unassign %zu %s：%s 取消指定", "unassign %zu%s at %s"},
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
    /* zoneplan plan (src/plan) */
    {"plan_title", "# %s：学位供需 %d–%d\n\n", "# %s: places over the years, %d–%d\n\n"},
    {"plan_intro",
     "各年的适龄儿童按下列假设逐地块、逐年级预测（中方案，低、高方案为区间）；每年的学位分配与 "
     "`zoneplan run` "
     "的核心分配相同（最近且有学位的学校；不含连片修复）。“现有学校”只用今天的学校（学区逐年重划）"
     "；"
     "“含计划”加上建设计划的新建与停办。“维持现学区”列：学区不变时超容量的学校数、大班额学校数。\n"
     "\n",
     "Each block's children are projected grade by grade and year by year under the assumptions "
     "below (central variant; low and high give the range); each year is assigned by the core of "
     "`zoneplan run` (nearest school with room; without its contiguity repair). \"Today\" uses "
     "today's schools alone (catchments "
     "redrawn each year); \"plan\" adds the schedule's openings and closings. The \"today's "
     "catchments\" columns keep today's catchments: schools over capacity, schools with large "
     "classes.\n\n"},
    {"plan_level_head", "## %s\n\n![%s](chart-%s.png)\n\n", "## %s\n\n![%s](chart-%s.png)\n\n"},
    {"plan_table_head",
     "| 年份 | 儿童（中） | 低–高 | 现有学位 | 含计划学位 | 缺口（现有学校） | 缺口（含计划） | "
     "缺口（高方案） | 维持现学区：超容量 | 大班额 |\n|---|---|---|---|---|---|---|---|---|---|\n",
     "| Year | Children (central) | Low–high | Places today | Places (plan) | Shortfall (today) "
     "| Shortfall (plan) | Shortfall (high) | Today's catchments: over capacity | Large classes "
     "|\n|---|---|---|---|---|---|---|---|---|---|\n"},
    {"plan_schedule_head",
     "## 建设计划（先建后撤）\n\n新建学校由选址（siting:）按各地块规划期内的最大需求选出，"
     "每所在第一个需要其学位的年份开办；每个停办候选（siting."
     "close）在其后每年学生都有学位的第一年停办。"
     "这里不计算选址的下界，其证明见 `zoneplan site`。\n\n",
     "## Schedule (build before close)\n\nThe openings are the siting's (siting:), chosen for "
     "each block's peak demand over the years; each opens in the first year that needs its "
     "places. Each closure candidate (siting.close) closes in the first year from which its "
     "pupils have places every year after. The siting's lower bound is not computed here: "
     "`zoneplan site` proves it.\n\n"},
    {"plan_no_siting", "情景没有 siting: 部分，不制定建设计划。\n\n",
     "The scenario has no siting: section: no schedule is made.\n\n"},
    {"plan_open", "- %d 年：新建 N%02zu（选址 %s，小学 %lld、初中 %lld 个学位）\n",
     "- %d: open N%02zu (site %s; %lld primary, %lld junior places)\n"},
    {"plan_close", "- %d 年：停办 %s（%s），其学生此后每年都有学位\n",
     "- %d: close %s (%s): its pupils have places every year from then on\n"},
    {"plan_not_needed", "- 新建 N%02zu（选址 %s）：规划期内学位不需要它，未列入\n",
     "- N%02zu (site %s): no year of the horizon needs its places; not scheduled\n"},
    {"plan_kept", "- 保留 %s（%s）：规划期内停办它总会使某年有学生失去学位\n",
     "- keep %s (%s): closing it in any year would leave children without a place in some year "
     "after\n"},
    {"plan_cost",
     "新建投入合计 %.4g（设计与选址的成本单位），按年折现到首年为 %.4g（折现率 "
     "%.3g%%，horizon.discount_rate）；"
     "规划期内学生步行合计 %.0f 人·千米。\n\n",
     "The openings cost %.4g (the designs' and sites' units), %.4g in the first year's terms "
     "(discounted at %.3g%% a year from the year each opens: horizon.discount_rate); the "
     "children walk %.0f child-kilometres over the years with the schedule.\n\n"},
    {"plan_nothing", "无需新建或停办。\n\n", "Nothing to build or close.\n\n"},
    {"plan_over_head",
     "## 维持现学区时首次超容量、首次超规模的年份\n\n| 学校 | 名称 | 学段 | 学位 | 首次超容量 | "
     "首次超规模 "
     "|\n|---|---|---|---|---|---|\n",
     "## First year over capacity, and over the size cap, if today's catchments are kept\n\n| "
     "School | Name | Level | Places | First year over capacity | First year over its size cap "
     "|\n|---|---|---|---|---|---|\n"},
    {"plan_over_none", "（没有学校超容量或超规模。）\n\n",
     "(No school goes over its capacity or its size cap.)\n\n"},
    {"plan_rules_head", "## 预测假设（及其在情景文件中的位置）\n\n",
     "## Assumptions (and where the scenario sets them)\n\n"},
    {"plan_rule_years", "- 数据年份 %d，规划 %d–%d 年（horizon.years，或 --years）\n",
     "- Data year %d, planned %d–%d (horizon.years, or --years)\n"},
    {"plan_rule_split",
     "- 学制：小学 %d 年、初中 %d 年（horizon.grades：6-3 六三制，5-4 五四制）\n",
     "- Grade split: %d primary and %d junior grades (horizon.grades: 6-3, or 5-4)\n"},
    {"plan_rule_progression", "- 升级比（horizon.progression，g1 即一年级升二年级）：",
     "- Progression ratios (horizon.progression; g1 is grade 1 to grade 2): "},
    {"plan_rule_fitted",
     "- 升级比：由历史学籍（horizon.history，%d–%d 年）全县各年级逐年之比拟合：",
     "- Progression ratios fitted on the enrolment history (horizon.history, %d–%d), county "
     "totals grade by grade: "},
    {"plan_rule_entry",
     "- 一年级新生 = 上一年 5 岁儿童 × %.3g（horizon.entry_ratio）；更小的出生队列以每年 %+.1f%% "
     "递推（horizon.birth_trend）。地块数据有 0–5 "
     "岁儿童时用之（blocks.ages），否则按一年级人数递推；"
     "只有学段人数时，均分到该学段各年级\n",
     "- Grade-1 entrants = the children aged 5 the year before x %.3g (horizon.entry_ratio); "
     "cohorts beyond the youngest known one change by %+.1f%% a year (horizon.birth_trend). "
     "From the blocks' children aged 0-5 when given (blocks.ages), else from grade 1; a level's "
     "children without grades are spread evenly over its grades\n"},
    {"plan_rule_migration", "- 净迁移：每年 %+.1f%%（horizon.migration）\n",
     "- Net migration: %+.1f%% a year (horizon.migration)\n"},
    {"plan_rule_variants", "- 方案（horizon.variants）：\n", "- Variants (horizon.variants):\n"},
    {"plan_rule_variant", "  - %s：新生 × %.3g，迁移 %+.1f%%/年\n",
     "  - %s: entrants x %.3g, migration %+.1f%% a year\n"},
    {"plan_rule_plan_for", "- 建设计划按 %s 方案安排学位（horizon.plan_for：low、central、high）\n",
     "- The schedule gives places to the %s variant (horizon.plan_for: low, central, high)\n"},
    {"plan_rule_intake",
     "- 学区调整只约束新生（policy.redraw_applies_to: "
     "intake）：一年级、七年级新生按当年学区入学，在校生留在原校"
     "直至毕业（数据年份的在校生在现学校）；学校停办时其学生重新分配。“缺口”指没有学位的新生\n",
     "- A redraw binds the entering grades (policy.redraw_applies_to: intake): grade 1 and the "
     "first junior grade enter by the year's catchments, pupils enrolled stay at their school "
     "until they leave it (those of the data's year at today's); a closed school's pupils are "
     "placed again. The shortfall is of entrants\n"},
    {"plan_rule_all",
     "- 每年全部学生按当年学区重新分配（policy.redraw_applies_to: all；地块有分年级数据时默认为 "
     "intake）\n",
     "- Every pupil is assigned afresh each year (policy.redraw_applies_to: all; intake is the "
     "default when the blocks give their grades)\n"},
    {"plan_rule_estates",
     "- 新建住宅（horizon.estates）：交付后按成熟曲线逐年入住（默认 "
     "0.4、0.7、0.9、1，maturation），"
     "学生均分到各年级：\n",
     "- New estates (horizon.estates): after completion they fill by a maturation curve (default "
     "0.4, 0.7, 0.9, 1: maturation), pupils spread evenly over the grades:\n"},
    {"plan_estate",
     "  - %s %s（地块 %s 及另外 %zu 个）：%d 年交付，%.0f 套，每套小学 %.3g、初中 %.3g "
     "名学生，容积率系数 %.3g："
     "成熟后小学 %.0f、初中 %.0f 名\n",
     "  - %s %s (block %s and %zu more): completes %d, %.0f homes, %.3g primary and %.3g junior "
     "pupils per "
     "home, floor-area scale %.3g: %.0f primary and %.0f junior pupils once mature\n"},
    {"plan_page_cols",
     "年份|儿童（中方案）|低—高方案|含计划学位|缺口（现有学校）|缺口（含计划）|缺口（高方案）",
     "Year|Children (central)|Low–high|Places (plan)|Shortfall (today)|Shortfall (plan)|Shortfall "
     "(high)"},
    {"plan_page_title", "%s：学位规划", "%s: places plan"},
    {"plan_chart_title", "%s：学位需求与学位供给 %d–%d", "%s: children and places, %d–%d"},
    {"plan_chart_y", "人数", "children / places"},
    {"plan_chart_demand", "预测需求（中方案）", "projected children (central)"},
    {"plan_chart_band", "低—高方案", "low to high variant"},
    {"plan_chart_places", "学位（含建设计划）", "places with the schedule"},
    {"plan_chart_today", "现有学位", "places today"},
    {"cli_plan",
     "学位规划 %d–%d：%zu 个地块，%.1f 秒（加载与预测 %.1f，建设计划 %.1f，逐年分配 %.1f）\n",
     "plan %d–%d: %zu blocks, %.1f s (load and projection %.1f, schedule %.1f, years %.1f)\n"},
    {"cli_plan_level", "%-9s 需求峰值 %lld，现有学校最大缺口 %lld，含计划最大缺口 %lld",
     "%-9s peak %lld children, worst shortfall with today's schools %lld, with the schedule "
     "%lld"},
    {"cli_plan_worst", "（%d 年）", " (%d)"},
    {"proj_title", "# %s：适龄儿童预测 %d–%d\n\n", "# %s: children projected, %d–%d\n\n"},
    {"proj_county_head",
     "## 全县各年适龄儿童（低、中、高方案）\n\n| 年份 | 小学 低 | 小学 中 | 小学 高 | 初中 低 | "
     "初中 中 | "
     "初中 高 |\n|---|---|---|---|---|---|---|\n",
     "## The county's children per year (low, central, high)\n\n| Year | Primary low | Primary "
     "central | Primary high | Junior low | Junior central | Junior high "
     "|\n|---|---|---|---|---|---|---|\n"},
    {"proj_bt_head",
     "## 回测：隐去 %d–%d 年，以 %d–%d 年拟合\n\n各校在校生总数的预测与实际之比（backtest.csv "
     "逐校逐年）。"
     "\n\n| 提前年数 | 年份 | 全县误差 | 各校平均绝对百分比误差 |\n|---|---|---|---|\n",
     "## Backtest: %d–%d hidden, fitted on %d–%d\n\nEach school's total pupils projected "
     "against what happened (backtest.csv, school by school and year by year).\n\n| Years "
     "ahead | Year | County error | Schools' mean absolute percentage error "
     "|\n|---|---|---|---|\n"},
    {"proj_bt_ratios", "\n所用升级比：", "\nProgression ratios used: "},
    {"cli_project", "预测 %d–%d：%zu 个地块，%.1f 秒\n", "project %d–%d: %zu blocks, %.1f s\n"},
    {"cli_project_bt",
     "回测：以 %d–%d 年拟合，隐去 %d 年；提前 1 年 全县误差 %.2f%%，各校平均 %.2f%%；提前 %d 年 "
     "全县 "
     "%.2f%%，各校 %.2f%%\n",
     "backtest: fitted on %d–%d, %d years hidden; 1 year ahead: county %.2f%%, schools' mean "
     "%.2f%%; %d years ahead: county %.2f%%, schools %.2f%%\n"},
    {"cli_plan_out", "输出：%s\n", "outputs:  %s\n"},
};

#define NMAIN (sizeof WORDS / sizeof WORDS[0])
#define NWORDS (NMAIN + zp_words_audit_count)

/* Entry i of the whole table: the main one, then the audit's. */
static const char *const *entry(size_t i)
{
    return i < NMAIN ? WORDS[i] : zp_words_audit[i - NMAIN];
}

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
        if (!strcmp(entry(i)[0], key))
            return entry(i)[lang == ZP_LANG_EN ? 2 : 1];
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
    *key = entry(i)[0];
    *zh = entry(i)[1];
    *en = entry(i)[2];
}
