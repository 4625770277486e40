/**
 * The demo city's unit tree, modeled on 昭通市 (Yunnan): 市委 → 11 county/district committees →
 * township/street committees → village and community organizations (some general branches with
 * sub-branches), plus at city and county level an organs working committee with departmental
 * branches and a few leading groups. About 2,000 units, depth at most 5.
 *
 * Pure data: no I/O. The output is deterministic (a seeded PRNG per county, never Math.random), so
 * codes and names are stable across runs and machines.
 *
 * Codes are hierarchical ASCII: city `5306`, county `530602` (real division codes), township
 * `530602001`, village `530602001001`, sub-branch `53060200100101`; organs working committee
 * `530602J01`, its departments `530602J01001`, their sub-branches `530602J0100101`; leading groups
 * `530602L01`. Township and village names from the tables below are real; village and community
 * names are generated from syllable tables.
 */

export type DemoUnitKind = 'COMMITTEE' | 'LEADING_GROUP' | 'WORKING_COMMITTEE' | 'GENERAL_BRANCH' | 'BRANCH';

export interface DemoUnit {
  code: string;
  name: string;
  kind: DemoUnitKind;
  parentCode: string | null;
  memberCount: number;
}

/** 中共昭通市委员会 (root). */
export const DEMO_CITY_CODE = '5306';
/** 中共昭通市昭阳区委员会: the demo county leader's unit. */
export const DEMO_COUNTY_CODE = '530602';
/** 旧圃镇's first village branch (a plain 党支部 without children), under 昭阳区: the demo secretary's unit. */
export const DEMO_SECRETARY_UNIT_CODE = '530602004001';

// ---------------------------------------------------------------------------------------------
// Data tables
// ---------------------------------------------------------------------------------------------

interface CountyDef {
  code: string;
  /** As used in department names: 昭阳区, 鲁甸县, 水富市. */
  short: string;
  /** As used in the committee's formal name: 中共{formal}委员会. */
  formal: string;
  /** Townships and streets, in code order (001, 002, …). */
  towns: readonly string[];
  /** Villages/communities per township: [min, max]. */
  villages: readonly [number, number];
}

const CITY_NAME = '昭通市';

const COUNTIES: readonly CountyDef[] = [
  {
    code: '530602',
    short: '昭阳区',
    formal: '昭通市昭阳区',
    towns: [
      '凤凰街道',
      '龙泉街道',
      '太平街道',
      '旧圃镇',
      '永丰镇',
      '北闸镇',
      '靖安镇',
      '洒渔镇',
      '乐居镇',
      '苏甲乡',
      '大山包镇',
      '炎山镇',
      '盘河镇',
      '田坝乡',
      '守望回族乡',
      '布嘎回族乡',
      '小龙洞回族彝族乡',
      '青岗岭回族彝族乡',
    ],
    villages: [6, 10],
  },
  {
    code: '530621',
    short: '鲁甸县',
    formal: '鲁甸县',
    towns: [
      '文屏镇',
      '龙头山镇',
      '水磨镇',
      '小寨镇',
      '江底镇',
      '火德红镇',
      '龙树镇',
      '新街镇',
      '梭山镇',
      '乐红镇',
      '茨院回族乡',
      '桃源回族乡',
    ],
    villages: [6, 10],
  },
  {
    code: '530622',
    short: '巧家县',
    formal: '巧家县',
    towns: [
      '白鹤滩镇',
      '大寨镇',
      '药山镇',
      '马树镇',
      '蒙姑镇',
      '金塘镇',
      '老店镇',
      '茂租镇',
      '东坪镇',
      '小河镇',
      '崇溪镇',
      '炉房镇',
      '中寨镇',
      '包谷垴乡',
      '红山乡',
    ],
    villages: [5, 9],
  },
  {
    code: '530623',
    short: '盐津县',
    formal: '盐津县',
    towns: ['盐井镇', '普洱镇', '豆沙镇', '中和镇', '庙坝镇', '柿子镇', '兴隆乡', '落雁乡', '滩头乡', '牛寨乡'],
    villages: [5, 9],
  },
  {
    code: '530624',
    short: '大关县',
    formal: '大关县',
    towns: ['翠华镇', '玉碗镇', '吉利镇', '天星镇', '木杆镇', '悦乐镇', '寿山镇', '高桥镇', '上高桥回族彝族苗族乡'],
    villages: [5, 9],
  },
  {
    code: '530625',
    short: '永善县',
    formal: '永善县',
    towns: [
      '溪洛渡街道',
      '桧溪镇',
      '黄华镇',
      '茂林镇',
      '大兴镇',
      '莲峰镇',
      '务基镇',
      '码口镇',
      '团结乡',
      '细沙乡',
      '墨翰乡',
      '水竹乡',
      '伍寨彝族苗族乡',
      '马楠苗族彝族乡',
    ],
    villages: [5, 9],
  },
  {
    code: '530626',
    short: '绥江县',
    formal: '绥江县',
    towns: ['中城镇', '南岸镇', '新滩镇', '会仪镇', '板栗镇'],
    villages: [6, 10],
  },
  {
    code: '530627',
    short: '镇雄县',
    formal: '镇雄县',
    towns: [
      '乌峰街道',
      '南台街道',
      '旧府街道',
      '泼机镇',
      '黑树镇',
      '母享镇',
      '大湾镇',
      '以勒镇',
      '赤水源镇',
      '芒部镇',
      '雨河镇',
      '罗坎镇',
      '牛场镇',
      '五德镇',
      '坡头镇',
      '盐源镇',
      '中屯镇',
      '木卓镇',
      '塘房镇',
      '碗厂镇',
      '场坝镇',
      '花朗乡',
      '尖山乡',
      '杉树乡',
      '鱼洞乡',
      '花山乡',
      '果珠彝族乡',
      '林口彝族苗族乡',
    ],
    villages: [7, 11],
  },
  {
    code: '530628',
    short: '彝良县',
    formal: '彝良县',
    towns: [
      '角奎镇',
      '洛泽河镇',
      '海子镇',
      '毛坪镇',
      '小草坝镇',
      '牛街镇',
      '钟鸣镇',
      '两河镇',
      '荞山镇',
      '龙安镇',
      '龙街苗族彝族乡',
      '奎香苗族彝族乡',
      '树林彝族苗族乡',
      '柳溪苗族乡',
      '洛旺苗族乡',
    ],
    villages: [5, 9],
  },
  {
    code: '530629',
    short: '威信县',
    formal: '威信县',
    towns: ['扎西镇', '旧城镇', '罗布镇', '麟凤镇', '长安镇', '庙沟镇', '水田镇', '三桃乡', '高田乡', '双河苗族彝族乡'],
    villages: [5, 9],
  },
  {
    code: '530681',
    short: '水富市',
    formal: '水富市',
    towns: ['云富街道', '向家坝镇', '太平镇', '两碗镇'],
    villages: [6, 10],
  },
];

/** A department: its name after the city/county prefix; `large` ones may be a 党总支 with sub-branches. */
interface DeptDef {
  name: string;
  large?: boolean;
}

const CITY_DEPARTMENTS: readonly DeptDef[] = [
  { name: '委办公室' },
  { name: '人民政府办公室' },
  { name: '委组织部' },
  { name: '委宣传部' },
  { name: '委统战部' },
  { name: '委政法委员会' },
  { name: '纪委监委机关', large: true },
  { name: '发展和改革委员会', large: true },
  { name: '教育体育局', large: true },
  { name: '工业和信息化局' },
  { name: '民政局' },
  { name: '司法局' },
  { name: '财政局', large: true },
  { name: '人力资源和社会保障局', large: true },
  { name: '自然资源和规划局', large: true },
  { name: '生态环境局' },
  { name: '住房和城乡建设局' },
  { name: '交通运输局' },
  { name: '水务局' },
  { name: '农业农村局', large: true },
  { name: '商务局' },
  { name: '文化和旅游局' },
  { name: '卫生健康委员会', large: true },
  { name: '退役军人事务局' },
  { name: '应急管理局' },
  { name: '审计局' },
  { name: '市场监督管理局', large: true },
  { name: '统计局' },
  { name: '医疗保障局' },
  { name: '林业和草原局' },
  { name: '信访局' },
  { name: '人大常委会机关' },
  { name: '政协机关' },
  { name: '总工会机关' },
  { name: '妇女联合会机关' },
];

/** County departments: the first COUNTY_CORE_DEPARTMENTS always exist, the rest are sampled per county. */
const COUNTY_DEPARTMENTS: readonly DeptDef[] = [
  { name: '委办公室' },
  { name: '人民政府办公室' },
  { name: '委组织部' },
  { name: '委宣传部' },
  { name: '纪委监委机关' },
  { name: '教育体育局', large: true },
  { name: '财政局' },
  { name: '农业农村局', large: true },
  { name: '委统战部' },
  { name: '委政法委员会' },
  { name: '发展和改革局' },
  { name: '工业信息化和商务局' },
  { name: '民政局' },
  { name: '司法局' },
  { name: '人力资源和社会保障局' },
  { name: '自然资源局' },
  { name: '住房和城乡建设局' },
  { name: '交通运输局' },
  { name: '水务局' },
  { name: '文化和旅游局' },
  { name: '卫生健康局', large: true },
  { name: '退役军人事务局' },
  { name: '应急管理局' },
  { name: '审计局' },
  { name: '市场监督管理局', large: true },
  { name: '统计局' },
  { name: '医疗保障局' },
  { name: '林业和草原局' },
  { name: '信访局' },
  { name: '人大常委会机关' },
  { name: '政协机关' },
];
const COUNTY_CORE_DEPARTMENTS = 8;

const CITY_LEADING_GROUPS = ['人民政府党组', '人大常委会党组', '政协党组', '中级人民法院党组', '人民检察院党组'];
const COUNTY_LEADING_GROUPS = ['人民政府党组', '人大常委会党组'];

const ORDINALS = ['第一', '第二', '第三', '第四'];

// Village names: {A}{B} (大坪, 龙洞), {A}{M}{B} (大水井, 石门坎) or {surname}家{B} (李家湾).
const VILLAGE_A = [
  '大',
  '小',
  '上',
  '下',
  '新',
  '老',
  '红',
  '青',
  '白',
  '黑',
  '黄',
  '龙',
  '凤',
  '石',
  '马',
  '牛',
  '鹰',
  '桃',
  '松',
  '竹',
  '茶',
  '柳',
  '金',
  '银',
  '铜',
  '云',
  '高',
  '长',
  '双',
  '三',
  '五',
  '八',
  '花',
  '梨',
];
const VILLAGE_M = ['水', '门', '石', '树', '竹', '龙', '马', '河', '坪', '山', '田', '岩', '沙', '草', '木'];
const VILLAGE_B = [
  '坝',
  '河',
  '沟',
  '坪',
  '塘',
  '箐',
  '槽',
  '湾',
  '营',
  '寨',
  '桥',
  '岩',
  '洞',
  '垭',
  '梁',
  '田',
  '林',
  '山',
  '屯',
  '场',
  '厂',
  '关',
  '坡',
  '冲',
  '嘴',
  '井',
  '溪',
  '岭',
  '庄',
  '堡',
  '院',
  '坎',
  '树',
  '滩',
];
const SURNAMES = ['李', '王', '张', '刘', '陈', '杨', '赵', '周', '吴', '徐', '孙', '朱', '胡', '郭', '何', '罗', '邓', '陶', '苏', '蒋'];
const COMMUNITY_NAMES = [
  '和平',
  '团结',
  '兴隆',
  '文化',
  '建设',
  '幸福',
  '安居',
  '民族',
  '新华',
  '春晖',
  '凤翔',
  '东关',
  '西关',
  '南关',
  '北关',
  '永安',
  '康乐',
  '富民',
  '玉泉',
  '金沙',
  '明珠',
  '桂花',
  '学苑',
  '锦绣',
  '荷花',
  '望城',
  '迎丰',
  '长青',
  '育才',
  '滨江',
  '江南',
  '红旗',
  '胜利',
  '光明',
  '新民',
  '振兴',
  '花园',
  '翠屏',
];

// ---------------------------------------------------------------------------------------------
// Generator
// ---------------------------------------------------------------------------------------------

/** mulberry32: a small, well-mixed 32-bit PRNG. */
export function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Rng {
  int(min: number, max: number): number;
  chance(p: number): boolean;
  pick<T>(items: readonly T[]): T;
}

function rng(seed: number): Rng {
  const next = prng(seed);
  return {
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    chance: (p) => next() < p,
    pick: (items) => items[Math.floor(next() * items.length)]!,
  };
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');

/** A unit under construction: memberCount of committees is filled in after their children. */
interface Node extends DemoUnit {
  children: Node[];
}

function node(parent: Node | null, code: string, name: string, kind: DemoUnitKind, memberCount = 0): Node {
  const created: Node = { code, name, kind, parentCode: parent?.code ?? null, memberCount, children: [] };
  parent?.children.push(created);
  return created;
}

/** Committees and working committees count the members below them (plus a few of their own). */
function sumMembers(unit: Node, own: number): number {
  unit.memberCount = own + unit.children.reduce((sum, child) => sum + child.memberCount, 0);
  return unit.memberCount;
}

/** A 党总支 with 2–3 sub-branches: children 15–50 members each, the general branch their sum. */
function addSubBranches(r: Rng, generalBranch: Node, baseName: string): void {
  const count = r.int(2, 3);
  for (let i = 1; i <= count; i++) {
    const code = `${generalBranch.code}${pad(i, 2)}`;
    node(generalBranch, code, `${baseName}${ORDINALS[i - 1]}党支部`, 'BRANCH', r.int(15, 50));
  }
  sumMembers(generalBranch, 0);
}

function villageName(r: Rng, isCommunity: boolean): string {
  if (isCommunity) return `${r.pick(COMMUNITY_NAMES)}社区`;
  const pattern = r.int(0, 9);
  if (pattern < 5) return `${r.pick(VILLAGE_A)}${r.pick(VILLAGE_B)}村`;
  if (pattern < 8) return `${r.pick(VILLAGE_A)}${r.pick(VILLAGE_M)}${r.pick(VILLAGE_B)}村`;
  return `${r.pick(SURNAMES)}家${r.pick(VILLAGE_B)}村`;
}

function addVillages(r: Rng, town: Node, townName: string, range: readonly [number, number]): void {
  const count = r.int(range[0], range[1]);
  const isStreet = townName.endsWith('街道');
  // Streets are mostly communities; towns have a community or two at the seat; townships 0–1.
  const communities = isStreet ? Math.max(1, count - r.int(0, 2)) : townName.endsWith('镇') ? r.int(1, 2) : r.int(0, 1);
  const used = new Set<string>();
  for (let i = 1; i <= count; i++) {
    const code = `${town.code}${pad(i, 3)}`;
    // Villages first, communities last (except in streets, where communities come first).
    const isCommunity = isStreet ? i <= communities : i > count - communities;
    let name = villageName(r, isCommunity);
    for (let attempt = 0; used.has(name) && attempt < 50; attempt++) name = villageName(r, isCommunity);
    if (used.has(name)) name = name.replace(/(村|社区)$/, `${i}$1`);
    used.add(name);

    const general = code !== DEMO_SECRETARY_UNIT_CODE && r.chance(isCommunity ? 0.6 : 0.5);
    if (!general) {
      node(town, code, `${name}党支部`, 'BRANCH', r.int(isCommunity ? 12 : 15, 60));
      continue;
    }
    const unit = node(town, code, `${name}党总支`, 'GENERAL_BRANCH', r.int(30, 150));
    if (r.chance(0.3)) addSubBranches(r, unit, name);
  }
  sumMembers(town, r.int(20, 45));
}

/** 直属机关工委 with departmental branches; large departments may be a 党总支 with sub-branches. */
function addOrgans(r: Rng, parent: Node, wcName: string, prefix: string, depts: readonly DeptDef[]): void {
  const wc = node(parent, `${parent.code}J01`, wcName, 'WORKING_COMMITTEE');
  depts.forEach((dept, index) => {
    const code = `${wc.code}${pad(index + 1, 3)}`;
    const base = `${prefix}${dept.name}${dept.name.endsWith('机关') ? '' : '机关'}`;
    if (dept.large && r.chance(0.6)) {
      const unit = node(wc, code, `${base}党总支`, 'GENERAL_BRANCH');
      addSubBranches(r, unit, base);
    } else {
      node(wc, code, `${base}党支部`, 'BRANCH', r.int(8, 40));
    }
  });
  sumMembers(wc, r.int(3, 7));
}

function addLeadingGroups(r: Rng, parent: Node, formal: string, groups: readonly string[]): void {
  groups.forEach((group, index) => {
    node(parent, `${parent.code}L${pad(index + 1, 2)}`, `中共${formal}${group}`, 'LEADING_GROUP', r.int(5, 9));
  });
}

function seedOf(code: string): number {
  // FNV-1a over the code: each county has its own stream, so editing one county's table leaves the
  // others unchanged.
  let hash = 0x811c9dc5;
  for (let i = 0; i < code.length; i++) {
    hash ^= code.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** Parents always come before their children. Deterministic: same output every call (seeded PRNG, no Math.random). */
export function buildDemoCityTree(): DemoUnit[] {
  const root = node(null, DEMO_CITY_CODE, `中共${CITY_NAME}委员会`, 'COMMITTEE');

  for (const county of COUNTIES) {
    const r = rng(seedOf(county.code));
    const unit = node(root, county.code, `中共${county.formal}委员会`, 'COMMITTEE');
    county.towns.forEach((townName, index) => {
      const town = node(unit, `${county.code}${pad(index + 1, 3)}`, `中共${townName}委员会`, 'COMMITTEE');
      addVillages(r, town, townName, county.villages);
    });
    const optional = COUNTY_DEPARTMENTS.slice(COUNTY_CORE_DEPARTMENTS).filter(() => r.chance(0.4));
    const depts = [...COUNTY_DEPARTMENTS.slice(0, COUNTY_CORE_DEPARTMENTS), ...optional];
    addOrgans(r, unit, `中共${county.short}直属机关工作委员会`, county.short, depts);
    addLeadingGroups(r, unit, county.formal, COUNTY_LEADING_GROUPS);
    sumMembers(unit, r.int(30, 60));
  }

  const r = rng(seedOf(DEMO_CITY_CODE));
  addOrgans(r, root, `中共${CITY_NAME}直属机关工作委员会`, CITY_NAME, CITY_DEPARTMENTS);
  addLeadingGroups(r, root, CITY_NAME, CITY_LEADING_GROUPS);
  sumMembers(root, r.int(40, 80));

  // Pre-order walk: every parent is emitted before its children.
  const out: DemoUnit[] = [];
  const walk = (unit: Node): void => {
    out.push({
      code: unit.code,
      name: unit.name,
      kind: unit.kind,
      parentCode: unit.parentCode,
      memberCount: unit.memberCount,
    });
    unit.children.forEach(walk);
  };
  walk(root);
  return out;
}
