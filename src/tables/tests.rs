//! The table reader on small tables of each form, written for these tests.

use super::*;

/// The assembled sentence texts of `clean`.
fn texts(clean: &str) -> Vec<String> {
    read(clean)
        .sentences
        .into_iter()
        .map(|s| s.text.to_string())
        .collect()
}

/// Every piece of every sentence that is document text points at that text.
fn assert_offsets(clean: &str) {
    for s in read(clean).sentences {
        let digits: Vec<(usize, char)> = s
            .text
            .char_indices()
            .filter(|(_, c)| c.is_ascii_digit())
            .collect();
        for (local, c) in digits {
            let at = s.clean_offset(local);
            assert_eq!(clean[at..].chars().next(), Some(c), "{}", s.text);
        }
    }
}

#[test]
fn pipes_2021_form_gives_label_header_value() {
    let clean =
        "二、主动公开情况\n第二十条第(五)项|||\n信息内容|本年处理决定数量|||\n行政许可|12|||\n";
    assert_eq!(
        texts(clean),
        ["二、主动公开情况，第二十条第(五)项，行政许可，本年处理决定数量12"]
    );
    assert_offsets(clean);
    let tables = read(clean);
    let table_start = clean.find("第二十条").unwrap();
    assert!(tables.claims(table_start));
    assert!(tables.claims(clean.find("12").unwrap()));
    assert!(!tables.claims(0), "the caption line stays prose");
}

#[test]
fn pipes_padded_with_spaces_and_filler_cells() {
    let clean =
        "|  信息内容  |  上一年项目数量  |  处理决定数量  | ||\n|  行政处罚  |  7  |  9  | ||";
    assert_eq!(
        texts(clean),
        ["行政处罚，上一年项目数量7", "行政处罚，处理决定数量9"]
    );
    assert_offsets(clean);
}

#[test]
fn pipes_2020_form_skips_negative_changes_and_placeholders() {
    let clean = "信息内容|上一年项目数量(指上年事项数)|本年增/减|处理决定数量(指本年办件量)|\n\
                 行政许可|30|-12|18|\n行政强制|4|4|-|";
    assert_eq!(
        texts(clean),
        [
            "行政许可，上一年项目数量30",
            "行政许可，处理决定数量18",
            "行政强制，上一年项目数量4",
            "行政强制，本年增/减4",
        ]
    );
}

#[test]
fn pipes_multi_row_header_gives_only_certain_columns() {
    let clean = "(说明)|申请人情况||||\n自然人|法人或其他组织|总计|||\n\
                 商业企业|科研机构|其他|||\n一、本年新收申请数量|3|1|0|2|6|\n二、上年结转申请数量|0|0|0|0|0|\n\
                 三、办理结果|(一)予以公开|2|1|0|0|3|\n四、结转下年度继续办理|1|0|0|";
    assert_eq!(
        texts(clean),
        [
            "一、本年新收申请数量，申请人情况总计6",
            "二、上年结转申请数量，申请人情况总计0",
            "三、办理结果(一)予以公开，申请人情况总计3",
        ],
        "a row cut short gives nothing"
    );
    assert_offsets(clean);
}

#[test]
fn pipes_top_row_with_or_without_a_corner_keeps_what_both_agree_on() {
    // Does 甲类 head the label column or the first two value columns? Only
    // the columns under 乙类 are the same either way.
    let clean = "甲类|乙类|\n数量|金额|数量|金额|\n某项|1|2|3|4|";
    assert_eq!(texts(clean), ["某项，乙类数量3", "某项，乙类金额4"]);
    // A corner word settles it.
    let clean = "项目|甲类|乙类|\n数量|金额|数量|金额|\n某项|1|2|3|4|";
    assert_eq!(texts(clean).len(), 4);
}

#[test]
fn pipes_header_unit_follows_the_value_and_points_at_the_header() {
    let clean = "第二十条第(八)项|\n信息内容|本年收费金额(单位:万元)|\n行政事业性收费|2.5|";
    let tables = read(clean);
    let s = &tables.sentences[0];
    assert_eq!(
        s.text,
        "第二十条第(八)项，行政事业性收费，本年收费金额2.5万元"
    );
    let unit_at = s.clean_offset(s.text.find("万元").unwrap());
    assert_eq!(&clean[unit_at..unit_at + "万元".len()], "万元");
    assert!(unit_at < clean.find("2.5").unwrap());
}

#[test]
fn pipes_wrapped_table_with_title_unit() {
    let clean = "(一)执法统计表\n行政处罚实施数量(宗)||||\n单位名称|警告|罚款|\n某局|1|4|\n\
                 合计(宗)|罚没金额(万元)|\n5|0.8|";
    assert_eq!(
        texts(clean),
        [
            "(一)执法统计表，行政处罚实施数量，某局，警告1宗",
            "(一)执法统计表，行政处罚实施数量，某局，罚款4宗",
            "(一)执法统计表，行政处罚实施数量，合计5宗",
            "(一)执法统计表，行政处罚实施数量，罚没金额0.8万元",
        ]
    );
    assert_offsets(clean);
}

#[test]
fn pipes_space_separated_figures_in_one_cell() {
    let clean = "信息内容|甲|乙|丙|\n行政许可|1 0 2|";
    assert_eq!(
        texts(clean),
        ["行政许可，甲1", "行政许可，乙0", "行政许可，丙2"]
    );
    assert_offsets(clean);
}

#[test]
fn pipes_without_header_give_label_and_value() {
    assert_eq!(
        texts("|行政许可|3679|\n|行政处罚|12|"),
        ["行政许可3679", "行政处罚12"]
    );
    assert!(
        texts("|行政许可|1|2|").is_empty(),
        "two values, no header: unknown columns"
    );
    assert_eq!(
        texts("|检查单位|120家|立案|5起|"),
        ["检查单位120家", "立案5起"]
    );
}

#[test]
fn pipes_without_data_are_no_table() {
    let clean = "首页 | 机构概况 | 联系我们\n全年罚款3万元。";
    let tables = read(clean);
    assert!(tables.sentences.is_empty());
    assert!(tables.claimed.is_empty());
}

#[test]
fn each_table_has_its_own_paragraph() {
    let clean = "第二十条第(五)项|\n信息内容|本年处理决定数量|\n行政许可|1|\n\
                 第二十条第(六)项|\n信息内容|本年处理决定数量|\n行政处罚|2|\n行政强制|3|";
    let tables = read(clean);
    let p: Vec<usize> = tables.sentences.iter().map(|s| s.paragraph).collect();
    assert_eq!(p.len(), 3);
    assert_ne!(p[0], p[1]);
    assert_eq!(p[1], p[2]);
    assert!(p[0] >= PARAGRAPH_BASE);
}

#[test]
fn stacked_headers_then_values_with_caption_corner_and_label() {
    let clean = "二、执法情况\n(一)2023年行政处罚实施情况统计表\n行政处罚实施数量(宗)\n单位名称\n\
                 警告\n罚款\n吊销许可证件\n某区某局\n0\n5\n1\n其他行政处罚\n合计\n(宗)\n罚没金额(万元)\n0\n6\n3.5\n说明:本表统计全年数据。";
    assert_eq!(
        texts(clean),
        [
            "(一)2023年行政处罚实施情况统计表，行政处罚实施数量，某区某局，警告0宗",
            "(一)2023年行政处罚实施情况统计表，行政处罚实施数量，某区某局，罚款5宗",
            "(一)2023年行政处罚实施情况统计表，行政处罚实施数量，某区某局，吊销许可证件1宗",
            "(一)2023年行政处罚实施情况统计表，行政处罚实施数量，其他行政处罚0宗",
            "(一)2023年行政处罚实施情况统计表，行政处罚实施数量，合计6宗",
            "(一)2023年行政处罚实施情况统计表，行政处罚实施数量，罚没金额3.5万元",
        ]
    );
    assert_offsets(clean);
    let tables = read(clean);
    assert!(tables.claims(clean.find("3.5").unwrap()));
    assert!(!tables.claims(clean.find("说明").unwrap()));
}

#[test]
fn stacked_header_split_over_two_cells_keeps_only_certain_values() {
    // `没收违法` / `所得` are halves of one header: 10 header cells, 9 values.
    let clean = "行政处罚实施数量(宗)\n警告\n罚款\n没收违法\n所得\n暂扣执照\n责令停产停业\n\
                 吊销执照\n其他\n合计(宗)\n罚没金额(万元)\n0\n7\n0\n0\n0\n0\n0\n7\n1.5";
    let got = texts(clean);
    let has = |s: &str| got.iter().any(|t| t == s);
    assert!(has("行政处罚实施数量，警告0宗"));
    assert!(has("行政处罚实施数量，暂扣执照0宗"));
    assert!(has("行政处罚实施数量，合计7宗"));
    assert!(has("行政处罚实施数量，罚没金额1.5万元"));
    // Whether 罚款 is 7 or 0 depends on where the split is: left out.
    assert!(!got.iter().any(|t| t.contains("罚款")), "{got:?}");
    assert!(!got.iter().any(|t| t.contains("没收违法")), "{got:?}");
}

#[test]
fn stacked_with_dropped_cells_gives_nothing_misaligned() {
    // 行政许可 lost its value; 行政处罚 is followed by its own under a new item.
    let clean = "第二十条第(一)项\n信息内容\n本年制发件数\n本年废止件数\n现行有效件数\n规章\n0\n\
                 规范性文件\n第二十条第(五)项\n本年处理决定数量\n行政许可\n第二十条第(六)项\n行政处罚\n23\n行政强制";
    assert_eq!(
        texts(clean),
        ["第二十条第(五)项，第二十条第(六)项，行政处罚23"]
    );
    // Two words over one value with nothing to anchor them: no guess.
    assert!(texts("备注\n行政许可\n行政处罚\n23\n其他\n5").is_empty());
}

#[test]
fn stacked_rows_reuse_the_header_above() {
    let clean = "项目\n数量\n金额(万元)\n甲类\n3\n1.5\n乙类\n4\n2";
    assert_eq!(
        texts(clean),
        [
            "甲类，数量3",
            "甲类，金额1.5万元",
            "乙类，数量4",
            "乙类，金额2万元"
        ]
    );
    assert_offsets(clean);
}

#[test]
fn zeros_under_stacked_fragments_give_nothing() {
    let clean = "四、复议诉讼情况\n行政复议行政诉讼\n结果结果其他尚未总\n维持纠正结果审结计\n0 0 0 0 0 0 0 0 0 0";
    let tables = read(clean);
    assert!(tables.sentences.is_empty());
    assert!(tables.claimed.is_empty());
}

#[test]
fn prose_with_short_lines_is_not_a_table() {
    let clean = "一、基本情况\n全年检查单位120家。\n3\n罚款3万元\n7\n";
    assert!(read(clean).sentences.is_empty());
    // A page number under a line of prose is no table either.
    let clean = "我局在全区开展专项整治行动并对经营单位进行\n12\n了全面检查。";
    let tables = read(clean);
    assert!(tables.sentences.is_empty());
    assert!(tables.claimed.is_empty());
}

#[test]
fn odd_lines_do_not_panic() {
    let long_row = format!("|{}|", vec!["1"; 5000].join("|"));
    let wide_header = format!(
        "{}|\n{}|",
        vec!["项"; 300].join("|"),
        vec!["2"; 300].join("|")
    );
    let odd = [
        "|",
        "||||",
        "｜",
        "│行政许可│1│",
        "|(|)|（|）|",
        "(\n)\n（\n1",
        "第\n(\n1",
        "-\n—\n/\n-1\n-",
        "1,\n,1\n1.\n.5\n1 \n 1",
        "合计(宗)\n(宗)\n(宗)\n1\n2",
        "é|ñ|😀\n😀|1|",
        long_row.as_str(),
        wide_header.as_str(),
    ];
    for clean in odd {
        let tables = read(clean);
        for s in &tables.sentences {
            let _ = s.clean_offset(s.text.len());
        }
        for r in &tables.claimed {
            assert!(clean.is_char_boundary(r.start) && clean.is_char_boundary(r.end));
        }
    }
}

#[test]
fn fuzzed_lines_do_not_panic() {
    let tokens = [
        "|",
        "||",
        "行政许可",
        "合计",
        "(宗)",
        "(万元)",
        "0",
        "12",
        "-3",
        "1 2",
        "-",
        "信息内容",
        "单位名称",
        "一、",
        "(二)",
        "表",
        "，",
        "。",
        " ",
        "é",
        "总计",
        "\n",
        "\n",
        "\n",
    ];
    let mut seed: u64 = 0x2545_F491_4F6C_DD1D;
    for _ in 0..300 {
        let mut text = String::new();
        for _ in 0..80 {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            text.push_str(tokens[(seed % tokens.len() as u64) as usize]);
        }
        let tables = read(&text);
        for s in &tables.sentences {
            for (i, _) in s.text.char_indices() {
                assert!(s.clean_offset(i) <= text.len() + s.text.len());
            }
        }
    }
}

#[test]
fn many_rows_stay_linear() {
    let mut clean = String::from("信息内容|本年处理决定数量|\n");
    for i in 0..20_000 {
        clean.push_str(&format!("事项{i}|{i}|\n"));
    }
    let tables = read(&clean);
    assert_eq!(tables.sentences.len(), 20_000);
    assert_eq!(tables.claimed.len(), 1);
    let paragraphs: std::collections::HashSet<usize> =
        tables.sentences.iter().map(|s| s.paragraph).collect();
    assert!(paragraphs.len() >= 20_000 / CELLS_PER_PARAGRAPH);
}

#[test]
fn deep_headers_and_many_ambiguous_tables_stay_cheap() {
    let mut deep = "甲|乙|丙|\n".repeat(10_000);
    deep.push_str("某项|1|2|3|\n");
    assert_eq!(read(&deep).sentences.len(), 3);

    let table = "标题|\n甲类|乙类|丙类|\n数量|金额|数量|金额|数量|金额|比例|\n某项|1|2|3|4|5|6|7|8|\n某项|1|2|3|4|5|6|7|\n";
    let many = table.repeat(2_000);
    let tables = read(&many);
    assert_eq!(tables.claimed.len(), 1, "one run of pipe lines");
}

#[test]
fn separators_are_found_line_by_line_as_each_line_alone() {
    let text = "甲|乙\n全年检查\n丙｜丁\n\n戊│己\n罚款3万元|\n末行";
    let mut separators = pipes::Separators::new(text);
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let within = separators.within(offset, offset + line.len());
        assert_eq!(within, pipes::is_pipe_line(line), "{line:?}");
        offset += line.len();
    }
}
