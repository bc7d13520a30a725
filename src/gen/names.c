/* Chinese names for the synthetic district: towns, blocks, schools and the river.
 *
 * Names follow the settlement kind so a planner reading the tables recognises the
 * place: old-town blocks along named streets (解放路38号院, 粮食局宿舍, 幸福里小区),
 * new estates by development and phase (阳光新城二期), villages and their groups
 * (东风村, 张家湾村三组), hamlets (王家畈), parks and plants without children. Schools
 * borrow the name of where they stand (城关第一小学, 实验中学, 张家湾小学, 东湖九年一贯制
 * 学校). Names are unique within each file: a hash set catches repeats, which are redrawn
 * a few times and then numbered. All text is UTF-8 here; write.c converts it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "zoneplan/errors.h"
#include "gen_internal.h"

#define N(a) ((int)(sizeof(a) / sizeof(a[0])))
#define NSTREETS 16 /* streets per old town: 8 directions x inner/outer */
#define REDRAWS 8

static const char *street_roots[] = {
    "解放", "人民", "中山", "建设", "胜利", "和平", "民主", "新华", "文化", "滨江", "沿河",
    "长江", "青年", "光明", "东风", "红旗", "工农", "交通", "府前", "鼓楼", "书院", "西门",
    "东门", "南门", "北门", "城隍", "学前", "槐荫", "桂花", "白果", "朝阳", "复兴", "振兴",
    "公园", "车站", "码头", "大桥", "育才", "劳动", "团结", "五一", "友谊", "体育", "沿江"};
static const char *street_kinds[] = {"路", "路", "路", "街", "街", "巷", "大道"};
static const char *work_units[] = {
    "粮食局",   "供电公司", "邮电局", "供销社",   "棉纺厂",     "机械厂", "化肥厂",
    "卫生局",   "人民医院", "中医院", "农业银行", "工商银行",   "县委",   "公安局",
    "税务局",   "财政局",   "水利局", "交通局",   "林业局",     "气象局", "烟草公司",
    "酒厂",     "粮油公司", "商业局", "物资局",   "自来水公司", "教育局", "建筑公司",
    "汽运公司", "食品公司", "印刷厂", "电影公司", "广播站",     "农机厂"};
static const char *work_suffix[] = {"宿舍", "家属院", "小区", "宿舍区"};
static const char *li_roots[] = {"幸福", "和平", "安居", "康乐", "吉祥", "仁和", "福寿", "永安",
                                 "太平", "长乐", "德安", "兴隆", "同心", "友谊", "团结", "树人",
                                 "绿荫", "春晖", "平安", "怡和", "文昌", "安康", "祥和", "宝善"};
static const char *old_zero[] = {"人民公园", "文化广场", "体育场",     "人民医院", "汽车客运站",
                                 "农贸市场", "百货大楼", "县政府",     "中心医院", "烈士陵园",
                                 "图书馆",   "影剧院",   "商业步行街", "文化馆",   "滨江公园"};
static const char *street_uses[] = {"街心公园",     "农贸市场", "商业街", "小游园", "广场",
                                    "卫生服务中心", "菜市场",   "停车场", "商场",   "派出所"};
static const char *brands[] = {
    "锦绣", "阳光", "金色", "翠湖", "碧水", "御景", "华府", "盛世",   "东方", "紫荆", "金桂",
    "丽景", "星河", "明珠", "香榭", "兰亭", "君悦", "世纪", "新时代", "和谐", "恒信", "万家",
    "百合", "橄榄", "枫林", "海棠", "龙湾", "凤凰", "书香", "名流",   "银湖", "金湖", "天鹅",
    "玉兰", "桃源", "锦江", "江南", "滨湖", "湖畔", "御龙", "云锦",   "金域", "悦澜", "栖霞",
    "紫薇", "青山", "尚城", "未来", "鑫源", "泰和", "馨园", "汇景",   "清江", "依云", "领秀"};
static const char *estate_suffix[] = {
    "花园", "新城", "家园", "名苑", "雅苑", "华庭", "公馆", "名都", "小区", "嘉园",
    "豪庭", "尚居", "丽都", "世家", "府",   "湾",   "国际", "公寓", "绿洲", "春天",
    "半岛", "御府", "学府", "天地", "壹号", "雅居", "城",   "苑",   "庭",   "新村"};
static const char *estate_zero[] = {"商业广场", "购物中心", "中央公园", "体育公园", "商务中心"};
static const char *industry_roots[] = {"鑫达", "华丰", "宏达", "恒通", "兴业", "金龙", "永盛",
                                       "长发", "利民", "天元", "顺发", "振华", "万通", "富源",
                                       "福星", "中兴", "新力", "联发", "大成", "荣盛"};
static const char *industry_kinds[] = {"工业园", "物流园", "科技园", "产业园", "机械厂", "纺织厂",
                                       "建材厂", "食品厂", "电子厂", "包装厂", "汽配厂"};
static const char *village_political[] = {
    "东风", "红星", "前进", "光明", "胜利", "新华", "联合", "红旗", "建新", "先锋", "团结", "永丰",
    "丰收", "五一", "八一", "群英", "跃进", "新民", "和平", "民主", "东湖", "新河", "双桥", "三合"};
static const char *surnames[] = {
    "张", "王", "李", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡",
    "郭", "何", "高", "林", "罗", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹",
    "彭", "曾", "肖", "田", "董", "袁", "潘", "蔡", "蒋", "余", "杜", "叶", "程", "魏", "苏",
    "吕", "丁", "任", "沈", "姚", "卢", "姜", "崔", "钟", "谭", "陆", "汪", "范", "金", "石",
    "廖", "贾", "夏", "付", "方", "白", "邹", "孟", "熊", "秦", "邱", "江", "尹", "薛", "段",
    "雷", "侯", "龙", "史", "陶", "黎", "贺", "顾", "毛", "郝", "龚", "邵", "万", "钱", "严"};
static const char *geo_words[] = {"湾", "岗", "畈", "咀", "墩", "坳", "台", "冲", "垸", "店",
                                  "集", "桥", "湖", "河", "港", "山", "坡", "岭", "寨", "庄",
                                  "楼", "铺", "垴", "堰", "塘", "嘴", "坪", "林"};
static const char *town_first[] = {"新", "长", "双", "三", "马", "龙", "白", "青", "杨", "丰",
                                   "王", "肖", "毛", "卧", "朋", "闵", "杜", "陡", "小", "花",
                                   "祝", "李", "姚", "刘", "夏", "周", "黄", "桥", "洪", "天",
                                   "横", "六", "蔡", "罗", "徐", "凤", "辛", "道", "潘", "石"};
static const char *river_names[] = {"府河", "澴水", "滠水", "倒水", "举水", "沦河",
                                    "巴水", "浠水", "环水", "漳河", "陆水", "富水"};
static const char *digits[] = {"零", "一", "二", "三", "四", "五", "六", "七", "八", "九"};

/* Chinese numeral for 1..9999 (plain digits beyond). */
static void zh_num(int n, char *buf, size_t size)
{
    if (n < 1 || n > 9999) {
        snprintf(buf, size, "%d", n);
        return;
    }
    static const char *units[] = {"", "十", "百", "千"};
    int d[4] = {n % 10, n / 10 % 10, n / 100 % 10, n / 1000}, top = 3, len = 0;
    while (d[top] == 0)
        top--;
    buf[0] = '\0';
    for (int i = top, zero = 0; i >= 0; i--) {
        if (d[i] == 0) {
            zero = 1;
            continue;
        }
        if (zero)
            len += snprintf(buf + len, size - (size_t)len, "%s", digits[0]);
        zero = 0;
        if (!(i == 1 && d[i] == 1 && i == top)) /* 十一, not 一十一 */
            len += snprintf(buf + len, size - (size_t)len, "%s", digits[d[i]]);
        len += snprintf(buf + len, size - (size_t)len, "%s", units[i]);
    }
}

int32_t gen_str_add(gen_strings *p, const char *s)
{
    size_t n = strlen(s) + 1;
    if (p->len + n > p->cap) {
        size_t cap = p->cap ? p->cap * 2 : 65536;
        while (cap < p->len + n)
            cap *= 2;
        char *b = cap <= INT32_MAX ? realloc(p->buf, cap) : NULL;
        if (!b)
            return -1;
        p->buf = b;
        p->cap = cap;
    }
    memcpy(p->buf + p->len, s, n);
    p->len += n;
    return (int32_t)(p->len - n);
}

const char *gen_river_name(int idx)
{
    return river_names[idx % N(river_names)];
}

/* ---- a set of names in the pool, with a numbering counter per name ---- */
typedef struct name_set {
    gen_strings *pool;
    int32_t *slot; /* pool offset + 1, 0 when empty */
    int32_t *count;
    size_t cap, n;
} name_set;

static uint64_t hash_str(const char *s)
{
    uint64_t h = 1469598103934665603ULL;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ULL;
    return h;
}

static int set_init(name_set *set, gen_strings *pool, size_t expected)
{
    set->pool = pool;
    set->n = 0;
    set->cap = 64;
    while (set->cap < expected * 2)
        set->cap *= 2;
    set->slot = calloc(set->cap, sizeof *set->slot);
    set->count = calloc(set->cap, sizeof *set->count);
    if (!set->slot || !set->count)
        return zp_error_set(ZP_ENOMEM, "gen: out of memory for %zu names", expected);
    return ZP_OK;
}

static void set_free(name_set *set)
{
    free(set->slot);
    free(set->count);
    set->slot = set->count = NULL;
}

/* Slot holding s, or the empty slot where it would go. */
static size_t set_find(const name_set *set, const char *s)
{
    size_t i = hash_str(s) & (set->cap - 1);
    while (set->slot[i] && strcmp(gen_str(set->pool, set->slot[i] - 1), s) != 0)
        i = (i + 1) & (set->cap - 1);
    return i;
}

static int set_grow(name_set *set)
{
    name_set big = *set;
    big.cap *= 2;
    big.slot = calloc(big.cap, sizeof *big.slot);
    big.count = calloc(big.cap, sizeof *big.count);
    if (!big.slot || !big.count) {
        free(big.slot);
        free(big.count);
        return zp_error_set(ZP_ENOMEM, "gen: out of memory for names");
    }
    for (size_t i = 0; i < set->cap; i++)
        if (set->slot[i]) {
            size_t j = set_find(&big, gen_str(set->pool, set->slot[i] - 1));
            big.slot[j] = set->slot[i];
            big.count[j] = set->count[i];
        }
    set_free(set);
    *set = big;
    return ZP_OK;
}

/* Add s when new: its pool offset, -1 when taken, ZP_ENOMEM-style -2 on failure. */
static int32_t set_add(name_set *set, const char *s)
{
    if ((set->n + 1) * 2 > set->cap && set_grow(set) != ZP_OK)
        return -2;
    size_t i = set_find(set, s);
    if (set->slot[i])
        return -1;
    int32_t off = gen_str_add(set->pool, s);
    if (off < 0)
        return -2;
    set->slot[i] = off + 1;
    set->n++;
    return off;
}

/* Unique name from base: base itself, else base + numeral + unit (二区, 三组, ...). */
static int32_t set_add_numbered(name_set *set, const char *base, const char *pre, const char *unit)
{
    int32_t off = set_add(set, base);
    if (off != -1)
        return off;
    char buf[256], num[64];
    size_t i = set_find(set, base);
    for (;;) {
        int n = ++set->count[i] + 1; /* the first repeat is number two */
        zh_num(n, num, sizeof num);
        snprintf(buf, sizeof buf, "%s%s%s%s", base, pre, num, unit);
        if ((off = set_add(set, buf)) != -1)
            return off;
        i = set_find(set, base);
    }
}

/* Length of the first UTF-8 character of s. */
static size_t utf8_len(const char *s)
{
    unsigned char c = (unsigned char)*s;
    return c < 0x80 ? 1 : c < 0xe0 ? 2 : c < 0xf0 ? 3 : 4;
}

/* Whether a ends with the character b starts with (龙湾 + 湾 reads as a typo). */
static int doubled(const char *a, const char *b)
{
    size_t la = strlen(a), lb = utf8_len(b);
    return la >= lb && memcmp(a + la - lb, b, lb) == 0;
}

/* ---- names of places ---- */
typedef struct namer {
    gen_world *w;
    gen_rng r;
    name_set blocks, schools, towns, villages;
    int32_t *root;      /* per cluster: name root schools borrow (-1 until set) */
    int32_t *streets;   /* per old-town cluster: NSTREETS street names */
    int32_t *town;      /* per unit */
    int32_t *dev;       /* per estate cluster: current development name */
    int *phase, *seq;   /* per cluster: phase of that development, blocks named so far */
    int32_t *old_count; /* per unit and type: old-town schools named so far */
} namer;

#define PICK(nm, list) ((list)[gen_int(&(nm)->r, N(list))])

/* a + a word of list b that does not repeat a's last character */
#define PICK_AFTER(nm, a, list) pick_after(nm, a, list, N(list))
static const char *pick_after(namer *nm, const char *a, const char **list, int n)
{
    const char *b = list[gen_int(&nm->r, n)];
    while (doubled(a, b))
        b = list[gen_int(&nm->r, n)];
    return b;
}

static void brand_name(namer *nm, char *buf, size_t size)
{
    const char *brand = PICK(nm, brands);
    snprintf(buf, size, "%s%s", brand, PICK_AFTER(nm, brand, estate_suffix));
}

static int32_t pool_add(namer *nm, const char *s)
{
    int32_t off = gen_str_add(&nm->w->names, s);
    if (off < 0)
        zp_error_set(ZP_ENOMEM, "gen: out of memory for names");
    return off;
}

static int32_t hamlet_name(namer *nm, char *buf, size_t size)
{
    if (gen_unif(&nm->r) < 0.6)
        snprintf(buf, size, "%s家%s", PICK(nm, surnames), PICK(nm, geo_words));
    else
        snprintf(buf, size, "%s%s", PICK(nm, surnames), PICK(nm, geo_words));
    return 0;
}

static int town_names(namer *nm)
{
    gen_world *w = nm->w;
    char buf[64];
    for (int u = 0; u < w->nunits; u++) {
        int32_t off = -1;
        if (u == w->seat_unit)
            off = set_add(&nm->towns, "城关");
        for (int t = 0; off == -1 && t < 50; t++) {
            snprintf(buf, sizeof buf, "%s%s", PICK(nm, town_first), PICK(nm, geo_words));
            off = set_add(&nm->towns, buf);
        }
        if (off == -1)
            off = set_add_numbered(&nm->towns, buf, "", "");
        if (off < 0)
            return zp_error_set(ZP_ENOMEM, "gen: out of memory for town names");
        nm->town[u] = off;
    }
    return ZP_OK;
}

static int32_t industry_root(namer *nm, const gen_cluster *c)
{
    char buf[64];
    const char *town = gen_str(&nm->w->names, nm->town[c->unit]);
    snprintf(buf, sizeof buf, "%s开发区", c->unit == nm->w->seat_unit ? "" : town);
    return pool_add(nm, buf);
}

/* A village name not used by another village (the town's name tells repeats apart). */
static int32_t village_root(namer *nm, const gen_cluster *c, char *buf, size_t size)
{
    int32_t off = -1;
    for (int t = 0; off == -1 && t < REDRAWS; t++) {
        if (gen_unif(&nm->r) < 0.3)
            snprintf(buf, size, "%s", PICK(nm, village_political));
        else
            hamlet_name(nm, buf, size);
        off = set_add(&nm->villages, buf);
    }
    if (off == -1) {
        char base[128];
        snprintf(base, sizeof base, "%s%s", gen_str(&nm->w->names, nm->town[c->unit]), buf);
        off = set_add_numbered(&nm->villages, base, "", "");
    }
    return off < 0 ? -1 : off;
}

/* Roots of every cluster: streets of old towns, villages' names, the industrial park. */
static int cluster_roots(namer *nm)
{
    gen_world *w = nm->w;
    char buf[128];
    for (int ci = 0; ci < w->nclusters; ci++) {
        const gen_cluster *c = &w->clusters[ci];
        nm->root[ci] = -1;
        if (c->kind == KIND_OLD) {
            for (int k = 0; k < NSTREETS; k++) {
                const char *root = PICK(nm, street_roots);
                snprintf(buf, sizeof buf, "%s%s", root, PICK_AFTER(nm, root, street_kinds));
                if ((nm->streets[(size_t)ci * NSTREETS + k] = pool_add(nm, buf)) < 0)
                    return ZP_ENOMEM;
            }
            nm->root[ci] = nm->streets[(size_t)ci * NSTREETS];
        } else if (c->kind == KIND_VILLAGE) {
            nm->root[ci] = village_root(nm, c, buf, sizeof buf);
        } else if (c->kind == KIND_INDUSTRY) {
            nm->root[ci] = industry_root(nm, c);
        }
        if (c->kind != KIND_ESTATE && c->kind != KIND_RURAL && nm->root[ci] < 0)
            return ZP_ENOMEM;
    }
    return ZP_OK;
}

/* The street an old-town block lies on: by direction and distance from the centre. */
static int32_t block_street(const namer *nm, size_t b)
{
    const gen_world *w = nm->w;
    int32_t s = w->bseed[b];
    int ci = w->scluster[s];
    const gen_cluster *c = &w->clusters[ci];
    double dx = w->sx[s] - c->x, dy = w->sy[s] - c->y, a = atan2(dy, dx) + M_PI;
    int sector = (int)(a / (2 * M_PI) * 8) % 8, ring = sqrt(dx * dx + dy * dy) > c->r / 2;
    return nm->streets[(size_t)ci * NSTREETS + sector + 8 * ring];
}

static void old_town_name(namer *nm, size_t b, char *buf, size_t size)
{
    gen_world *w = nm->w;
    const char *street = gen_str(&w->names, block_street(nm, b));
    double u = gen_unif(&nm->r);
    if (w->bzero[b] && u < 0.3)
        snprintf(buf, size, "%s", PICK(nm, old_zero));
    else if (w->bzero[b])
        snprintf(buf, size, "%s%s", street, PICK(nm, street_uses));
    else if (u < 0.35)
        snprintf(buf, size, "%s%d号院", street, 1 + gen_int(&nm->r, 199));
    else if (u < 0.55)
        snprintf(buf, size, "%s%s", street, gen_unif(&nm->r) < 0.5 ? "小区" : "社区");
    else if (u < 0.75)
        snprintf(buf, size, "%s%s", PICK(nm, work_units), PICK(nm, work_suffix));
    else if (u < 0.9)
        snprintf(buf, size, "%s里%s", PICK(nm, li_roots), gen_unif(&nm->r) < 0.5 ? "" : "小区");
    else
        brand_name(nm, buf, size);
}

/* Estates: developments with phases (阳光新城, 阳光新城二期, ...). */
static int estate_name(namer *nm, size_t b, char *buf, size_t size)
{
    gen_world *w = nm->w;
    int ci = w->scluster[w->bseed[b]];
    if (w->bzero[b] && nm->root[ci] >= 0) {
        const char *brand = gen_str(&w->names, nm->root[ci]);
        snprintf(buf, size, "%s%s", brand, PICK(nm, estate_zero));
        return ZP_OK;
    }
    if (nm->dev[ci] >= 0 && nm->phase[ci] < 6 && gen_unif(&nm->r) < 0.45) {
        char num[32];
        zh_num(++nm->phase[ci], num, sizeof num);
        snprintf(buf, size, "%s%s期", gen_str(&w->names, nm->dev[ci]), num);
        return ZP_OK;
    }
    brand_name(nm, buf, size);
    if ((nm->dev[ci] = pool_add(nm, buf)) < 0)
        return ZP_ENOMEM;
    nm->phase[ci] = 1;
    if (nm->root[ci] < 0)
        nm->root[ci] = nm->dev[ci];
    return ZP_OK;
}

static void industry_name(namer *nm, char *buf, size_t size)
{
    snprintf(buf, size, "%s%s", PICK(nm, industry_roots), PICK(nm, industry_kinds));
}

static void village_name(namer *nm, size_t b, char *buf, size_t size)
{
    gen_world *w = nm->w;
    int ci = w->scluster[w->bseed[b]];
    const char *root = gen_str(&w->names, nm->root[ci]);
    int k = ++nm->seq[ci];
    if (k == 1) {
        snprintf(buf, size, "%s村", root);
    } else {
        char num[32];
        zh_num(k, num, sizeof num);
        snprintf(buf, size, "%s村%s组", root, num);
    }
}

/* A candidate name for block b in buf; its kind decides the style. */
static int block_candidate(namer *nm, size_t b, char *buf, size_t size)
{
    switch ((gen_kind)nm->w->skind[nm->w->bseed[b]]) {
    case KIND_OLD:
        old_town_name(nm, b, buf, size);
        return ZP_OK;
    case KIND_ESTATE:
        return estate_name(nm, b, buf, size);
    case KIND_INDUSTRY:
        industry_name(nm, buf, size);
        return ZP_OK;
    case KIND_VILLAGE:
        village_name(nm, b, buf, size);
        return ZP_OK;
    default:
        hamlet_name(nm, buf, size);
        return ZP_OK;
    }
}

/* Repeats across towns are told apart by the town: 马湖张家湾, then numbered. */
static int32_t add_block_name(namer *nm, size_t b, const char *name, int rural)
{
    gen_world *w = nm->w;
    int unit = w->clusters[w->scluster[w->bseed[b]]].unit;
    char buf[256];
    int32_t off = set_add(&nm->blocks, name);
    if (off == -1 && w->nunits > 1) {
        snprintf(buf, sizeof buf, "%s%s", gen_str(&w->names, nm->town[unit]), name);
        off = set_add(&nm->blocks, buf);
    }
    if (off == -1)
        off = set_add_numbered(&nm->blocks, name, "", rural ? "组" : "区");
    return off;
}

static int name_block(namer *nm, size_t b)
{
    gen_world *w = nm->w;
    gen_kind kind = (gen_kind)w->skind[w->bseed[b]];
    int rural = kind == KIND_VILLAGE || kind == KIND_RURAL;
    char buf[256];
    int32_t off = -1;
    for (int t = 0; off == -1 && t < REDRAWS; t++) {
        if (block_candidate(nm, b, buf, sizeof buf) != ZP_OK)
            return zp_error_set(ZP_ENOMEM, "gen: out of memory for block names");
        off = set_add(&nm->blocks, buf);
    }
    if (off == -1)
        off = add_block_name(nm, b, buf, rural);
    int ci = w->scluster[w->bseed[b]];
    int32_t root = nm->root[ci];
    if (kind == KIND_OLD)
        root = block_street(nm, b);
    else if (kind == KIND_ESTATE && nm->dev[ci] >= 0)
        root = nm->dev[ci];                  /* the development the block belongs to */
    else if (kind == KIND_RURAL || root < 0) /* the hamlet, without a town or number */
        root = off >= 0 && strcmp(gen_str(&w->names, off), buf) == 0 ? off : pool_add(nm, buf);
    if (off < 0 || root < 0)
        return zp_error_set(ZP_ENOMEM, "gen: out of memory for block names");
    w->bname[b] = off;
    w->broot[b] = root;
    return ZP_OK;
}

/* ---- schools ---- */
static const char *type_suffix[3] = {"小学", "中学", "九年一贯制学校"};

/* Old-town schools are numbered per town: 城关实验小学, 城关第一小学, 实验中学, ... */
static void old_school_name(namer *nm, int s, char *buf, size_t size)
{
    gen_world *w = nm->w;
    int32_t b = w->schblock[s];
    int unit = w->clusters[w->scluster[w->bseed[b]]].unit, type = w->schtype[s];
    int seat = unit == w->seat_unit, n = ++nm->old_count[unit * 3 + type];
    char town[96], num[32];
    snprintf(town, sizeof town, "%s%s", gen_str(&w->names, nm->town[unit]), seat ? "" : "镇");
    zh_num(n - 1, num, sizeof num);
    if (type == ZP_TYPE_NINE_YEAR)
        snprintf(buf, size, "%s%s", gen_str(&w->names, w->broot[b]), type_suffix[type]);
    else if (n == 1)
        snprintf(buf, size, "%s实验%s", seat && type == ZP_TYPE_JUNIOR ? "" : town,
                 type_suffix[type]);
    else
        snprintf(buf, size, "%s第%s%s", town, num, type_suffix[type]);
}

static int name_school(namer *nm, int s)
{
    gen_world *w = nm->w;
    int32_t b = w->schblock[s];
    int type = w->schtype[s];
    char buf[256];
    if (w->skind[w->bseed[b]] == KIND_OLD)
        old_school_name(nm, s, buf, sizeof buf);
    else
        snprintf(buf, sizeof buf, "%s%s", gen_str(&w->names, w->broot[b]), type_suffix[type]);
    int32_t off = set_add(&nm->schools, buf);
    const char *root = gen_str(&w->names, w->broot[b]);
    if (off == -1 && w->nunits > 1) { /* 马湖镇赵集小学 */
        int unit = w->clusters[w->scluster[w->bseed[b]]].unit;
        char first[256];
        snprintf(first, sizeof first, "%s", buf);
        int n = snprintf(buf, sizeof buf, "%s%s%s", gen_str(&w->names, nm->town[unit]),
                         unit == w->seat_unit ? "" : "镇", first);
        off = n > 0 && n < (int)sizeof buf ? set_add(&nm->schools, buf) : -1;
    }
    if (off == -1 && type == ZP_TYPE_NINE_YEAR) { /* 光明路实验学校, 光明路学校 */
        snprintf(buf, sizeof buf, "%s实验学校", root);
        if ((off = set_add(&nm->schools, buf)) == -1) {
            snprintf(buf, sizeof buf, "%s学校", root);
            off = set_add(&nm->schools, buf);
        }
    }
    for (int n = 2; off == -1; n++) { /* 光明路第二小学 */
        char num[32];
        zh_num(n, num, sizeof num);
        snprintf(buf, sizeof buf, "%s第%s%s", root, num,
                 type == ZP_TYPE_NINE_YEAR ? "学校" : type_suffix[type]);
        off = set_add(&nm->schools, buf);
    }
    if (off < 0)
        return zp_error_set(ZP_ENOMEM, "gen: out of memory for school names");
    w->schname[s] = off;
    return ZP_OK;
}

static void namer_free(namer *nm)
{
    set_free(&nm->blocks);
    set_free(&nm->schools);
    set_free(&nm->towns);
    set_free(&nm->villages);
    free(nm->root);
    free(nm->streets);
    free(nm->town);
    free(nm->dev);
    free(nm->phase);
    free(nm->seq);
    free(nm->old_count);
}

static int namer_init(namer *nm, gen_world *w)
{
    size_t nc = (size_t)w->nclusters;
    memset(nm, 0, sizeof *nm);
    nm->w = w;
    gen_rng_seed(&nm->r, w->opt->seed, RNG_NAMES);
    nm->root = malloc(nc * sizeof *nm->root);
    nm->streets = calloc(nc * NSTREETS, sizeof *nm->streets);
    nm->town = malloc((size_t)w->nunits * sizeof *nm->town);
    nm->dev = malloc(nc * sizeof *nm->dev);
    nm->phase = calloc(nc, sizeof *nm->phase);
    nm->seq = calloc(nc, sizeof *nm->seq);
    nm->old_count = calloc((size_t)w->nunits * 3, sizeof *nm->old_count);
    w->bname = malloc(w->nb * sizeof *w->bname);
    w->broot = malloc(w->nb * sizeof *w->broot);
    w->schname = malloc((size_t)w->ns * sizeof *w->schname);
    if (!nm->root || !nm->streets || !nm->town || !nm->dev || !nm->phase || !nm->seq ||
        !nm->old_count || !w->bname || !w->broot || !w->schname)
        return zp_error_set(ZP_ENOMEM, "gen: out of memory for names");
    for (size_t i = 0; i < nc; i++)
        nm->dev[i] = -1;
    int rc = set_init(&nm->blocks, &w->names, w->nb);
    if (rc == ZP_OK)
        rc = set_init(&nm->schools, &w->names, (size_t)w->ns);
    if (rc == ZP_OK)
        rc = set_init(&nm->towns, &w->names, (size_t)w->nunits);
    if (rc == ZP_OK)
        rc = set_init(&nm->villages, &w->names, nc);
    return rc;
}

int gen_names(gen_world *w)
{
    namer nm;
    int rc = namer_init(&nm, w);
    if (rc == ZP_OK)
        rc = town_names(&nm);
    if (rc == ZP_OK && cluster_roots(&nm) != ZP_OK)
        rc = zp_error_set(ZP_ENOMEM, "gen: out of memory for place names");
    for (size_t b = 0; b < w->nb && rc == ZP_OK; b++)
        rc = name_block(&nm, b);
    for (int s = 0; s < w->ns && rc == ZP_OK; s++)
        rc = name_school(&nm, s);
    namer_free(&nm);
    return rc;
}
