package corpus

import "strings"

// provinces lists the province-level divisions by full name, each with the
// short name used in folder names and abbreviations.
var provinces = [][2]string{
	{"北京市", "北京"}, {"天津市", "天津"}, {"河北省", "河北"}, {"山西省", "山西"},
	{"内蒙古自治区", "内蒙古"}, {"辽宁省", "辽宁"}, {"吉林省", "吉林"}, {"黑龙江省", "黑龙江"},
	{"上海市", "上海"}, {"江苏省", "江苏"}, {"浙江省", "浙江"}, {"安徽省", "安徽"},
	{"福建省", "福建"}, {"江西省", "江西"}, {"山东省", "山东"}, {"河南省", "河南"},
	{"湖北省", "湖北"}, {"湖南省", "湖南"}, {"广东省", "广东"}, {"广西壮族自治区", "广西"},
	{"海南省", "海南"}, {"重庆市", "重庆"}, {"四川省", "四川"}, {"贵州省", "贵州"},
	{"云南省", "云南"}, {"西藏自治区", "西藏"}, {"陕西省", "陕西"}, {"甘肃省", "甘肃"},
	{"青海省", "青海"}, {"宁夏回族自治区", "宁夏"}, {"新疆维吾尔自治区", "新疆"},
	{"香港特别行政区", "香港"}, {"澳门特别行政区", "澳门"}, {"台湾省", "台湾"},
}

// province returns the full name of the province that s is or starts with
// (上海市, 上海, 上海地方法规, 内蒙古自治区人民政府 → 上海市, 上海市, 上海市,
// 内蒙古自治区), or "".
func province(s string) string {
	for _, p := range provinces {
		if strings.HasPrefix(s, p[0]) {
			return p[0]
		}
	}
	for _, p := range provinces {
		if strings.HasPrefix(s, p[1]) {
			return p[0]
		}
	}
	return ""
}

// municipalDistricts maps the districts of the four municipalities directly
// under the central government to their municipality. A district name alone
// (闵行区) is how district documents name themselves; other counties and
// districts would need a full gazetteer and stay without a region.
var municipalDistricts = map[string]string{}

func init() {
	for city, ds := range map[string]string{
		"上海市": "黄浦 徐汇 长宁 静安 普陀 虹口 杨浦 闵行 宝山 嘉定 浦东新 金山 松江 青浦 奉贤 崇明",
		"北京市": "东城 西城 朝阳 丰台 石景山 海淀 门头沟 房山 通州 顺义 昌平 大兴 怀柔 平谷 密云 延庆",
		"天津市": "和平 河东 河西 南开 河北 红桥 东丽 西青 津南 北辰 武清 宝坻 滨海新 宁河 静海 蓟州",
		"重庆市": "万州 涪陵 渝中 大渡口 江北 沙坪坝 九龙坡 南岸 北碚 綦江 大足 渝北 巴南 黔江 长寿 江津 合川 永川 南川 璧山 铜梁 潼南 荣昌 开州 梁平 武隆",
	} {
		for _, d := range strings.Fields(ds) {
			municipalDistricts[d+"区"] = city
		}
	}
}

// levelOf returns the administrative level of a place name: a province, a
// city (…市, …州, …盟), or a county or district (…区, …县, …旗).
func levelOf(place string) Level {
	switch {
	case place == "" || place == "全国":
		return LevelNational
	case province(place) == place:
		return LevelProvincial
	case strings.HasSuffix(place, "区") || strings.HasSuffix(place, "县") || strings.HasSuffix(place, "旗"):
		return LevelCounty
	}
	return LevelCity
}
