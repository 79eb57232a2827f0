//! The number layer: every form in the "Numbers" section of the indicator
//! contract, the hedges, and every kind of number that is never a value.
//! All sentences are written for these tests.

use zhibiao::quantities::{scan, scan_all, Exclusion, Kind, Mention, Quantity};

/// The value mention whose whole span reads `span`.
fn find(text: &str, span: &str) -> Quantity {
    let found = scan(text);
    found
        .iter()
        .find(|q| &text[q.start..q.end] == span)
        .cloned()
        .unwrap_or_else(|| {
            let spans: Vec<&str> = found.iter().map(|q| &text[q.start..q.end]).collect();
            panic!("no value spanning {span:?} in {text:?}; found {spans:?}")
        })
}

/// Check one value mention: its span, number, value, unit, kind and hedge.
fn expect(text: &str, span: &str, num: &str, value: &str, unit: &str, kind: Kind, approx: bool) {
    let q = find(text, span);
    assert_eq!(&text[q.num_start..q.num_end], num, "number of {span:?}");
    assert_eq!(q.value.to_string(), value, "value of {span:?}");
    assert_eq!(q.unit, unit, "unit of {span:?}");
    assert_eq!(q.kind, kind, "kind of {span:?}");
    assert_eq!(q.approx, approx, "approx of {span:?}");
}

/// The values `scan` finds, as printed.
fn values(text: &str) -> Vec<String> {
    scan(text).iter().map(|q| q.value.to_string()).collect()
}

/// The mention whose number starts where `needle` first occurs.
fn mention_at(text: &str, needle: &str) -> Mention {
    let at = text.find(needle).expect("needle in text");
    scan_all(text)
        .into_iter()
        .find(|m| m.quantity.num_start == at)
        .unwrap_or_else(|| panic!("no mention at {needle:?} in {text:?}"))
}

/// Assert that the number at `needle` is seen but never a value, for `why`.
fn excluded(text: &str, needle: &str, why: Exclusion) {
    let m = mention_at(text, needle);
    assert_eq!(m.excluded, Some(why), "{needle:?} in {text:?}");
    let at = m.quantity.num_start;
    assert!(
        scan(text).iter().all(|q| q.num_start != at),
        "scan keeps {needle:?} in {text:?}"
    );
}

/// Assert that `scan` finds no value in `text`.
fn no_values(text: &str) {
    let found: Vec<&str> = scan(text).iter().map(|q| &text[q.start..q.end]).collect();
    assert!(found.is_empty(), "{text:?} gave {found:?}");
}

use Kind::{Count, Money, Number, Rate};

// ---------------------------------------------------------------- Arabic

#[test]
fn arabic_integers_and_decimals() {
    let t = "本年度监督检查公共场所728家次，抽检合格率97.5%。";
    expect(t, "728家次", "728", "728", "家次", Count, false);
    expect(t, "97.5%", "97.5", "97.5", "%", Rate, false);
}

#[test]
fn thousands_commas() {
    let t = "全年办理许可事项1,234件，罚没金额12,345,678.5元。";
    expect(t, "1,234件", "1,234", "1234", "件", Count, false);
    expect(
        t,
        "12,345,678.5元",
        "12,345,678.5",
        "12345678.5",
        "元",
        Money,
        false,
    );
}

#[test]
fn a_comma_without_three_digits_separates_numbers() {
    assert_eq!(values("分别为1,23和4,5678"), ["1", "23", "4", "5678"]);
}

#[test]
fn space_grouped_thousands() {
    let t = "全年共监督检查3 197户次，其中学校12 345家。";
    expect(t, "3 197户次", "3 197", "3197", "户次", Count, false);
    expect(t, "12 345家", "12 345", "12345", "家", Count, false);
}

#[test]
fn spaced_digits_stay_separate() {
    assert_eq!(values("0 0 0"), ["0", "0", "0"]);
    assert_eq!(values("| 2 | 19 | 255 |"), ["2", "19", "255"]);
    assert_eq!(values("共2 3家"), ["2", "3"]);
}

#[test]
fn full_width_forms() {
    let t = "检查３０６家次，合格率９７．８６％。";
    expect(t, "３０６家次", "３０６", "306", "家次", Count, false);
    expect(t, "９７．８６％", "９７．８６", "97.86", "%", Rate, false);
}

#[test]
fn spaces_between_number_and_unit() {
    let t = "出动执法车辆 203 余台次，罚款 60.25 万元，检查 306 家次";
    expect(t, "203 余台次", "203", "203", "台次", Count, true);
    expect(t, "60.25 万元", "60.25", "602500", "元", Money, false);
    expect(t, "306 家次", "306", "306", "家次", Count, false);
}

#[test]
fn bare_numbers_in_table_cells() {
    let t = "| 行政许可 | 3679 | 12.5 |";
    expect(t, "3679", "3679", "3679", "", Number, false);
    expect(t, "12.5", "12.5", "12.5", "", Number, false);
}

#[test]
fn negative_numbers_keep_their_sign() {
    let t = "| 行政许可 | -417 |，增减率为-3.2%";
    expect(t, "-417", "-417", "-417", "", Number, false);
    expect(t, "-3.2%", "-3.2", "-3.2", "%", Rate, false);
}

#[test]
fn numbers_never_join_across_a_line_break() {
    assert_eq!(values("检查3\n197户次"), ["3", "197"]);
    assert_eq!(values("罚款5\n万元"), ["5"]);
}

// ---------------------------------------------------------------- Chinese

#[test]
fn chinese_numerals() {
    let t = "约谈负责人十二次，发生两起事故，罚款一百二十万元，移送线索一件。";
    expect(t, "十二次", "十二", "12", "次", Count, false);
    expect(t, "两起", "两", "2", "起", Count, false);
    expect(
        t,
        "一百二十万元",
        "一百二十万",
        "1200000",
        "元",
        Money,
        false,
    );
    expect(t, "一件", "一", "1", "件", Count, false);
}

#[test]
fn chinese_numerals_positional() {
    let t = "培训三千五百人次，覆盖一万二千人，发放两千零五十份，抽查一百零五家";
    expect(t, "三千五百人次", "三千五百", "3500", "人次", Count, false);
    expect(t, "一万二千人", "一万二千", "12000", "人", Count, false);
    expect(t, "两千零五十份", "两千零五十", "2050", "份", Count, false);
    expect(t, "一百零五家", "一百零五", "105", "家", Count, false);
}

#[test]
fn chinese_numerals_abbreviated() {
    let t = "受益群众一万二人，抽样三千五份";
    expect(t, "一万二人", "一万二", "12000", "人", Count, false);
    expect(t, "三千五份", "三千五", "3500", "份", Count, false);
}

#[test]
fn financial_numerals() {
    let t = "处罚款壹拾贰万元，没收贰仟伍佰元。";
    expect(t, "壹拾贰万元", "壹拾贰万", "120000", "元", Money, false);
    expect(t, "贰仟伍佰元", "贰仟伍佰", "2500", "元", Money, false);
}

#[test]
fn digit_by_digit_year() {
    let t = "二〇二三年度工作总结";
    let m = mention_at(t, "二〇二三");
    assert_eq!(m.quantity.value.to_string(), "2023");
    assert_eq!(m.excluded, Some(Exclusion::Year));
}

#[test]
fn digit_by_digit_without_a_date_unit_is_no_value() {
    no_values("编号一二三");
}

// ---------------------------------------------------------------- mixed

#[test]
fn arabic_with_chinese_multipliers() {
    let t = "覆盖3.5万，投入1.2亿元，处罚5千元，罚款2百万元";
    expect(t, "3.5万", "3.5万", "35000", "", Number, false);
    expect(t, "1.2亿元", "1.2亿", "120000000", "元", Money, false);
    expect(t, "5千元", "5千", "5000", "元", Money, false);
    expect(t, "2百万元", "2百万", "2000000", "元", Money, false);
}

#[test]
fn arabic_parts_below_wan_and_yi() {
    let t = "惠及1万2千人，投入3亿5千万元";
    expect(t, "1万2千人", "1万2千", "12000", "人", Count, false);
    expect(t, "3亿5千万元", "3亿5千万", "350000000", "元", Money, false);
}

#[test]
fn multiplied_counts() {
    let t = "调解纠纷137.07万宗，仲裁0.0038万宗，服务3.08万人次，发放1万余个";
    expect(t, "137.07万宗", "137.07万", "1370700", "宗", Count, false);
    expect(t, "0.0038万宗", "0.0038万", "38", "宗", Count, false);
    expect(t, "3.08万人次", "3.08万", "30800", "人次", Count, false);
    expect(t, "1万余个", "1万", "10000", "个", Count, true);
}

#[test]
fn hedge_between_number_and_multiplier() {
    let t = "罚款200余万元，没收十余万元，挽回一百多万元";
    expect(t, "200余万元", "200", "2000000", "元", Money, true);
    expect(t, "十余万元", "十", "100000", "元", Money, true);
    expect(t, "一百多万元", "一百", "1000000", "元", Money, true);
}

#[test]
fn a_thousand_before_a_metre_is_a_kilometre() {
    let t = "巡查河道5千米";
    expect(t, "5千米", "5", "5", "千米", Number, false);
}

// ---------------------------------------------------------------- money

#[test]
fn money_units_and_renminbi() {
    let t = "罚款人民币5万元，罚款金额34100元人民币，罚款合计248.822万元，处罚金额4800元";
    expect(t, "人民币5万元", "5万", "50000", "元", Money, false);
    expect(t, "34100元人民币", "34100", "34100", "元", Money, false);
    expect(t, "248.822万元", "248.822万", "2488220", "元", Money, false);
    expect(t, "4800元", "4800", "4800", "元", Money, false);
}

#[test]
fn money_prints_plain() {
    for (text, printed) in [
        ("罚没款165.6799万元", "1656799"),
        ("罚款0.5万元", "5000"),
        ("罚款60.25万元", "602500"),
        ("罚款5.00元", "5"),
        ("没收违法所得8.8027万元", "88027"),
    ] {
        assert_eq!(values(text), [printed], "{text}");
    }
}

#[test]
fn renminbi_before_a_bare_amount_is_money() {
    let t = "罚款人民币5000，已缴清";
    expect(t, "人民币5000", "5000", "5000", "元", Money, false);
}

#[test]
fn foreign_currency_is_not_money_in_yuan() {
    let t = "涉案金额3万美元";
    expect(t, "3万美元", "3万", "30000", "美元", Number, false);
}

// ---------------------------------------------------------------- rates

#[test]
fn rates() {
    let t = "完成率100%，合格率百分之九十八，出庭率百分之百，到位率百分之12.5";
    expect(t, "100%", "100", "100", "%", Rate, false);
    expect(t, "百分之九十八", "九十八", "98", "%", Rate, false);
    expect(t, "百分之百", "百", "100", "%", Rate, false);
    expect(t, "百分之12.5", "12.5", "12.5", "%", Rate, false);
}

#[test]
fn rates_with_chinese_decimals_and_hedges() {
    let t = "知晓率百分之九十八点五，满意度达95%以上，覆盖率近100%";
    expect(
        t,
        "百分之九十八点五",
        "九十八点五",
        "98.5",
        "%",
        Rate,
        false,
    );
    expect(t, "95%以上", "95", "95", "%", Rate, true);
    expect(t, "近100%", "100", "100", "%", Rate, true);
}

#[test]
fn percentage_points_are_not_rates() {
    let t = "合格率提高3个百分点";
    expect(t, "3个百分点", "3", "3", "个百分点", Number, false);
}

// ---------------------------------------------------------------- counts

#[test]
fn measure_words() {
    let cases = [
        ("立案11起", "11起", "起"),
        ("结案9件", "9件", "件"),
        ("受理4817件次", "4817件次", "件次"),
        ("监督检查1666户次", "1666户次", "户次"),
        ("检查医疗机构9家", "9家", "家"),
        ("下达意见书306份", "306份", "份"),
        ("评查案卷72卷", "72卷", "卷"),
        ("出动执法人员180人次", "180人次", "人次"),
        ("出动车辆40台次", "40台次", "台次"),
        ("持证人员35名", "35名", "名"),
        ("发现隐患12处", "12处", "处"),
        ("整改问题8项", "8项", "项"),
        ("抽取127家单位", "127家", "家"),
        ("编印简报12期", "12期", "期"),
        ("查扣车辆3辆", "3辆", "辆"),
        ("报告病例2例", "2例", "例"),
        ("开展培训4场", "4场", "场"),
        ("涉及学校6所", "6所", "所"),
        ("联合检查21批次", "21批次", "批次"),
        ("抽查3个部门", "3个", "个"),
        ("代理2起诉讼", "2起", "起"),
        ("涉及5个单位", "5个", "个"),
        ("联合3部门", "3部门", "部门"),
    ];
    for (text, span, unit) in cases {
        let q = find(text, span);
        assert_eq!((q.unit, q.kind), (unit, Count), "{text}");
    }
}

#[test]
fn times_written_in_brackets() {
    let t = "出动执法人员180人(次)，检查经营户56家（次）";
    expect(t, "180人(次)", "180", "180", "人次", Count, false);
    expect(t, "56家（次）", "56", "56", "家次", Count, false);
}

#[test]
fn physical_and_time_units_are_numbers() {
    let cases = [
        ("查获假酒2.5吨", "2.5吨", "吨"),
        ("巡查河道15.6公里", "15.6公里", "公里"),
        ("办结时限压缩至5个工作日", "5个工作日", "个工作日"),
        ("整改期限3个月", "3个月", "个月"),
        ("平均用时15天", "15天", "天"),
        ("超标2倍", "2倍", "倍"),
    ];
    for (text, span, unit) in cases {
        let q = find(text, span);
        assert_eq!((q.unit, q.kind), (unit, Number), "{text}");
    }
}

#[test]
fn a_small_number_of_years_is_a_duration() {
    let t = "连续3年保持零发生";
    expect(t, "3年", "3", "3", "年", Number, false);
}

// ---------------------------------------------------------------- hedges

#[test]
fn hedges_after_the_number() {
    let t = "调解80余件，检查100多家，整治50家以上，罚款5万元左右";
    expect(t, "80余件", "80", "80", "件", Count, true);
    expect(t, "100多家", "100", "100", "家", Count, true);
    expect(t, "50家以上", "50", "50", "家", Count, true);
    expect(t, "5万元左右", "5万", "50000", "元", Money, true);
}

#[test]
fn hedges_before_the_number() {
    let t = "罚款约3万元，走访近500家，培训逾百家，出动超过200人次，惠及上千人";
    expect(t, "约3万元", "3万", "30000", "元", Money, true);
    expect(t, "近500家", "500", "500", "家", Count, true);
    expect(t, "逾百家", "百", "100", "家", Count, true);
    expect(t, "超过200人次", "200", "200", "人次", Count, true);
    expect(t, "上千人", "千", "1000", "人", Count, true);
}

#[test]
fn bare_hundreds_and_thousands_with_a_hedge_after() {
    let t = "检查百余家，罚款万余元，培训千余人次";
    expect(t, "百余家", "百", "100", "家", Count, true);
    expect(t, "万余元", "万", "10000", "元", Money, true);
    expect(t, "千余人次", "千", "1000", "人次", Count, true);
}

#[test]
fn hedge_and_renminbi_together() {
    let t = "罚款人民币约5万元";
    expect(t, "人民币约5万元", "5万", "50000", "元", Money, true);
}

#[test]
fn words_that_look_like_hedges() {
    let t = "罚款不超过5万元，签约5家，最近3家，预约12人";
    expect(t, "5万元", "5万", "50000", "元", Money, false);
    expect(t, "5家", "5", "5", "家", Count, false);
    expect(t, "3家", "3", "3", "家", Count, false);
    expect(t, "12人", "12", "12", "人", Count, false);
}

#[test]
fn a_hedge_before_a_word_is_not_taken() {
    let t = "涉及3多方面";
    expect(t, "3", "3", "3", "", Number, false);
}

// ---------------------------------------------------------------- ordinary words

#[test]
fn chinese_numerals_inside_ordinary_words() {
    for text in [
        "一切从实际出发",
        "统一执法标准",
        "四川省卫生健康委",
        "压实一把手责任",
        "以防万一出现问题",
        "十分重视",
        "存在一些问题",
        "大家一起开展宣传",
        "一起学习法律",
        "一方面加强监管",
        "服务三农工作",
        "服务百姓",
        "千万不能放松",
        "一是加强领导，二是完善制度",
        "第一时间处置",
        "落实一次性告知",
        "昔日的万元户",
        "同一家单位",
        "数十家企业",
        "十几家企业",
        "上一年度工作",
        "下一步工作",
        "新一轮检查",
        "千家万户",
        "三分之一以上",
        "零售药店",
        "百家争鸣",
        "一网通办",
        "十一期间",
    ] {
        no_values(text);
    }
}

#[test]
fn yiqi_is_one_case_only_where_it_counts_one() {
    assert_eq!(values("发生一起火灾"), ["1"]);
    assert_eq!(values("立案查处一起。"), ["1"]);
    assert_eq!(values("查办一起无证行医案"), ["1"]);
    no_values("与社区一起开展义诊");
}

#[test]
fn yi_after_a_word_that_ends_in_yi() {
    let t = "全县唯一一家三甲医院";
    expect(t, "一家", "一", "1", "家", Count, false);
}

// ---------------------------------------------------------------- never a value

#[test]
fn dates() {
    let t = "于7月21日至8月3日开展检查";
    excluded(t, "7月", Exclusion::Date);
    excluded(t, "21日", Exclusion::Date);
    excluded(t, "8月", Exclusion::Date);
    excluded(t, "3日", Exclusion::Date);
    let t = "2月6日至28日集中整治";
    excluded(t, "6日", Exclusion::Date);
    excluded(t, "28日", Exclusion::Date);
    excluded("截至2023年12月31日", "12月", Exclusion::Date);
    excluded("于2024.3.8召开", "2024", Exclusion::Date);
    excluded("于2024.3.8召开", "8召", Exclusion::Date);
    excluded("发布时间：2024-11-11 16:30", "11 16", Exclusion::Date);
    excluded("发布时间：2024-11-11 16:30", "30", Exclusion::Date);
    excluded("当日9时30分", "30分", Exclusion::Date);
    excluded("2024年第一季度", "一季度", Exclusion::Date);
    excluded("3月5号开展", "5号", Exclusion::Date);
    excluded("今年1-6月共检查", "1-6", Exclusion::Date);
    excluded("今年1-6月共检查", "6月", Exclusion::Date);
}

#[test]
fn years_and_year_ranges() {
    excluded("2023年共检查", "2023", Exclusion::Year);
    excluded("2023年度报告", "2023", Exclusion::Year);
    excluded("2023年12月", "2023", Exclusion::Year);
    excluded("实施2021-2025年规划", "2021", Exclusion::Year);
    excluded("实施2021-2025年规划", "2025", Exclusion::Year);
    excluded("实施2021—2025年规划", "2025", Exclusion::Year);
    excluded("2023至2024学年", "2024", Exclusion::Year);
}

#[test]
fn document_numbers() {
    excluded(
        "印发宛发〔2021〕24号文件",
        "2021",
        Exclusion::DocumentNumber,
    );
    excluded("印发宛发〔2021〕24号文件", "24", Exclusion::DocumentNumber);
    excluded("依据浙卫〔2024〕3号", "3号", Exclusion::DocumentNumber);
    excluded("根据[2023]5号通知", "5号", Exclusion::DocumentNumber);
    excluded("公告第12号", "12", Exclusion::DocumentNumber);
    excluded("文号：京卫发2023-15", "15", Exclusion::DocumentNumber);
}

#[test]
fn section_numbers() {
    excluded("一、总体情况", "一", Exclusion::SectionNumber);
    excluded("（二）加强监管", "二", Exclusion::SectionNumber);
    excluded("(3)开展培训", "3", Exclusion::SectionNumber);
    excluded("1.加强领导", "1", Exclusion::SectionNumber);
    excluded("  2、强化监督", "2", Exclusion::SectionNumber);
    excluded("工作如下。3、完善制度", "3", Exclusion::SectionNumber);
    excluded("1)组织学习", "1", Exclusion::SectionNumber);
    excluded("| 1.属于国家秘密 | 0 |", "1", Exclusion::SectionNumber);
    excluded("1.2.3 总体要求", "1", Exclusion::SectionNumber);
}

#[test]
fn section_number_glued_to_a_year() {
    let t = "1.2024年工作情况";
    excluded(t, "1", Exclusion::SectionNumber);
    excluded(t, "2024", Exclusion::Year);
}

#[test]
fn a_list_of_numbers_is_not_a_list_of_headings() {
    assert_eq!(values("1、2、3号楼"), ["1", "2"]);
    assert_eq!(values("分别为3、5、7家"), ["3", "5", "7"]);
}

#[test]
fn a_decimal_at_a_line_start_is_a_value() {
    let t = "罚款\n1.5万元";
    expect(t, "1.5万元", "1.5万", "15000", "元", Money, false);
}

#[test]
fn numbers_in_titles() {
    let t = "印发《2023年度法治工作要点》，落实《关于〈3项制度〉的通知》，检查5家";
    excluded(t, "2023", Exclusion::Title);
    excluded(t, "3项", Exclusion::Title);
    assert_eq!(values(t), ["5"]);
}

#[test]
fn an_unclosed_title_ends_at_the_line_break() {
    let t = "学习《中华人民共和国12条\n检查5家";
    excluded(t, "12", Exclusion::Title);
    assert_eq!(values(t), ["5"]);
}

#[test]
fn ranges() {
    let t = "编印学习问答（1-26期）";
    excluded(t, "1-", Exclusion::Range);
    excluded(t, "26", Exclusion::Range);
    excluded("每次抽查3至5家", "3至", Exclusion::Range);
    excluded("每次抽查3至5家", "5家", Exclusion::Range);
    excluded("整改期限三至五年", "五", Exclusion::Range);
    excluded("涉及三四家企业", "三四", Exclusion::Range);
}

#[test]
fn ordinals() {
    excluded("第二批主题教育", "二", Exclusion::Ordinal);
    excluded("第3次会议", "3", Exclusion::Ordinal);
    excluded("第1-3批名单", "1", Exclusion::Ordinal);
    excluded("第1-3批名单", "3批", Exclusion::Ordinal);
    excluded("区十四届人大代表", "十四", Exclusion::Ordinal);
}

#[test]
fn set_phrases() {
    for (text, needle) in [
        ("“十四五”规划", "十四"),
        ("“十三五”以来", "十三"),
        ("八五普法中期", "八五"),
        ("七五普法总结", "七五"),
        ("党的二十大精神", "二十"),
        ("党的十九大以来", "十九"),
        ("行政执法三项制度", "三"),
        ("双随机、一公开监管", "一"),
        ("双随机一公开监管", "一"),
        ("三重一大事项", "三"),
        ("压实一把手责任", "一"),
        ("落实一岗双责", "一"),
        ("增强四个意识", "四"),
        ("做到两个维护", "两"),
        ("一次性告知制度", "一"),
        ("高效办成一件事", "一"),
        ("“12·4”国家宪法日", "12"),
        ("“12.4”国家宪法日", "12"),
        ("12.4宪法日宣传", "4宪"),
        ("“3·15”消费者权益日", "15"),
        ("“5·15”打击经济犯罪宣传日", "5"),
        ("“5·31”世界无烟日", "31"),
        ("“5.31世界无烟日”", "5"),
        ("拨打12345热线", "12345"),
        ("三包一挂制度", "三"),
        ("推行3+X模式", "3"),
        ("一户一档管理", "一"),
        ("二次供水单位", "二"),
    ] {
        excluded(text, needle, Exclusion::SetPhrase);
    }
    no_values("深化放管服改革");
}

#[test]
fn a_set_phrase_with_digits_needs_clean_edges() {
    assert_eq!(values("受理123456件"), ["123456"]);
}

#[test]
fn phones_and_hotlines() {
    excluded("咨询电话：0371-63201234", "0371", Exclusion::Phone);
    excluded("咨询电话：0371-63201234", "6320", Exclusion::Phone);
    excluded("联系人手机13812345678", "138", Exclusion::Phone);
    excluded("通过12315平台受理", "12315", Exclusion::Phone);
    assert_eq!(values("| 12315 |"), ["12315"]);
}

#[test]
fn versions_and_codes() {
    excluded("推行2.0方案", "2.0", Exclusion::Version);
    excluded("升级V3.1版本", "3.1", Exclusion::Version);
    excluded("执行GB2760标准", "2760", Exclusion::Code);
    excluded("执行GB 2760-2014标准", "2760", Exclusion::Code);
    excluded("建设5G基站", "5", Exclusion::Code);
    excluded("信用代码：91410100MA12345678", "91410100", Exclusion::Code);
    excluded(
        "索引号：114101000052527221/2023-00123",
        "2023",
        Exclusion::Code,
    );
}

#[test]
fn thresholds_are_seen_with_their_hedge() {
    // the rule layer decides that a band is no fine; the number layer reads it
    let t = "5万元以上大案7件";
    expect(t, "5万元以上", "5万", "50000", "元", Money, true);
    expect(t, "7件", "7", "7", "件", Count, false);
}

// ---------------------------------------------------------------- robustness

#[test]
fn mentions_come_in_text_order_with_char_boundaries() {
    let t = "约3万元、近百家、百分之九十，2023年《5条》第6次12 345家";
    let all = scan_all(t);
    let starts: Vec<usize> = all.iter().map(|m| m.quantity.start).collect();
    let mut sorted = starts.clone();
    sorted.sort_unstable();
    assert_eq!(starts, sorted);
    for m in &all {
        let q = &m.quantity;
        assert!(q.start <= q.num_start && q.num_start < q.num_end && q.num_end <= q.end);
        for at in [q.start, q.end, q.num_start, q.num_end] {
            assert!(t.is_char_boundary(at));
        }
    }
}

#[test]
fn odd_input_never_panics() {
    for text in [
        "",
        "万",
        "亿",
        "百分之",
        "百分之百分之",
        "1,",
        ",1",
        "1.",
        ".5",
        "，，",
        "😀3家😀",
        "３",
        "-",
        "--5",
        "—",
        "《",
        "》",
        "《《》》3",
        "〔",
        "〔2021",
        "1-",
        "-1-",
        "第",
        "一",
        "零",
        "〇〇",
        "十十十",
        "万万万万",
        "亿亿亿",
        "一亿亿",
        "9".repeat(40).leak(),
        "9999999999999999999999999999万亿元",
        "１２ ３４５",
        "a1b2c3",
        "ℤ½²³",
        "人民币",
        "约",
        "近",
        "超过",
        "\n\n",
        "\u{3000}3\u{3000}家",
        "1 ",
        "1 2",
        "3 197",
        "12·",
        "·4",
        "2024.",
        "2024.3.",
        "(",
        "（一",
        "一、",
        "1、",
        "|",
        "||1||",
    ] {
        let _ = scan_all(text);
    }
}

#[test]
fn huge_numbers_are_skipped_or_exact() {
    let big = "罚款99999999999999万元";
    assert_eq!(values(big), ["999999999999990000"]);
}
