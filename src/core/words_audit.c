/* The quality-balance audit's words (report.md, the booklet's audit pages, diff.md): a part
 * of the one table of words.c, kept apart only for its length. */
#include <stddef.h>

#include "core/words_internal.h"

const char *const zp_words_audit[][3] = {
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
};

const size_t zp_words_audit_count = sizeof zp_words_audit / sizeof zp_words_audit[0];
