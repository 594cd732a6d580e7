"""The catalogue of everything intake can find wrong with a submission, in Chinese and English.

Each kind has a stable code (used in tests, reports and the warehouse), a message and a
suggested fix. Templates are filled with ``str.format`` from the issue's details.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# code: (message_zh, message_en, fix_zh, fix_en)
CATALOGUE: dict[str, tuple[str, str, str, str]] = {
    "empty_file": (
        "文件为空或没有数据行。",
        "The file is empty or has no data rows.",
        "请使用模板填写数据后重新报送。",
        "Fill in the template and submit again.",
    ),
    "unsupported_file_type": (
        "不支持的文件类型“{suffix}”。",
        "Unsupported file type '{suffix}'.",
        "请以 CSV（.csv）或 Excel（.xlsx）格式报送。",
        "Submit a CSV (.csv) or Excel (.xlsx) file.",
    ),
    "undecodable": (
        "无法识别文件编码：既不是 UTF-8，也不是 GBK/GB18030（第 {byte_offset} 字节附近出错）。",
        "The file's encoding is not UTF-8 or GBK/GB18030 (error near byte {byte_offset}).",
        "请在 Excel 或 WPS 中“另存为”CSV（UTF-8）或直接报送 .xlsx 文件。",
        "Save the file as 'CSV UTF-8' in Excel or WPS, or submit the .xlsx file.",
    ),
    "corrupt_xlsx": (
        "Excel 文件已损坏，无法打开：{detail}。",
        "The Excel file is damaged and cannot be opened: {detail}.",
        "请重新导出 .xlsx 文件并报送。",
        "Export the .xlsx file again and resubmit.",
    ),
    "malformed_csv": (
        "CSV 格式错误：{detail}。",
        "The CSV file is malformed: {detail}.",
        "请检查该行的分隔符（逗号）和引号，确保每行列数与表头一致。",
        "Check that row's commas and quotes; every row must have as many fields as the header.",
    ),
    "unknown_dataset": (
        "无法识别报送的数据集：文件名“{file}”和表头均不对应任何报表。",
        "Cannot tell which dataset this is: neither the file name '{file}' nor the headers match one.",
        "请使用模板，并按“数据集_报告期”命名文件，例如 energy_consumption_2023.csv。可选数据集：{datasets}。",
        "Use the template and name the file '<dataset>_<period>', e.g. energy_consumption_2023.csv. "
        "Datasets: {datasets}.",
    ),
    "dataset_mismatch": (
        "文件名表明是“{named_zh}”，但表头与“{matched_zh}”一致。",
        "The file name says '{named_en}', but the headers are those of '{matched_en}'.",
        "请核对文件内容，并按实际报表重新命名文件（例如 {matched_dataset}_{period}）。",
        "Check the content and rename the file after the dataset it holds "
        "(e.g. {matched_dataset}_{period}).",
    ),
    "missing_period": (
        "无法确定报告期：文件名中没有报告期。",
        "Cannot tell the reporting period: the file name has none.",
        "请在文件名中写明报告期，例如 energy_consumption_2023.csv。",
        "Put the period in the file name, e.g. energy_consumption_2023.csv.",
    ),
    "invalid_period": (
        "报告期无效：{detail}。",
        "Invalid reporting period: {detail}.",
        "请使用已结束的报告期，年报写作 2023，季报写作 2023Q1，月报写作 2023-01。",
        "Use a period that has ended: 2023 (annual), 2023Q1 (quarterly) or 2023-01 (monthly).",
    ),
    "wrong_frequency": (
        "该数据集按{expected_zh}报送，但文件的报告期“{period}”是{actual_zh}。",
        "This dataset is reported {expected_en}, but the file's period '{period}' is {actual_en}.",
        "请按规定的报送频率命名报告期。",
        "Use a period of the dataset's reporting frequency.",
    ),
    "missing_column": (
        "缺少必填列“{label_zh}”（{column}）。",
        "Required column '{label_en}' ({column}) is missing.",
        "请使用最新模板，保留全部表头。",
        "Use the latest template and keep all of its headers.",
    ),
    "unexpected_column": (
        "多余的列“{header}”，该报表没有此项。",
        "Unexpected column '{header}': this dataset has no such item.",
        "请删除该列，或检查表头是否拼写有误。",
        "Remove the column, or check the header's spelling.",
    ),
    "duplicate_column": (
        "表头“{header}”重复出现。",
        "Header '{header}' appears more than once.",
        "请删除重复的列，每列只保留一次。",
        "Remove the duplicated column; each column appears once.",
    ),
    "missing_value": (
        "必填项为空。",
        "A required value is empty.",
        "请填写该单元格；确实为零的请填 0。",
        "Fill in the cell; write 0 for a true zero.",
    ),
    "not_a_number": (
        "“{value}”不是数值。",
        "'{value}' is not a number.",
        "请只填写阿拉伯数字（可带小数点），不要填写文字、单位或“约”等字样。",
        "Write digits only (with a decimal point if needed): no words, units or 'approx.'.",
    ),
    "not_an_integer": (
        "“{value}”不是整数。",
        "'{value}' is not a whole number.",
        "请填写整数，例如 2020。",
        "Write a whole number, e.g. 2020.",
    ),
    "unknown_code": (
        "“{value}”不是有效的{label_zh}。",
        "'{value}' is not a valid {label_en}.",
        "请从模板的“代码表”工作表中选择有效代码（见 docs/submissions.md）。",
        "Pick a valid code from the template's code-list sheet (see docs/submissions.md).",
    ),
    "pattern_mismatch": (
        "“{value}”不符合{label_zh}的格式。",
        "'{value}' is not in the format of a {label_en}.",
        "请填写正确格式的代码（统一社会信用代码为18位：数字及除 I、O、Z、S、V 外的大写字母）。",
        "Write the code in its format (a unified social credit code has 18 characters: digits "
        "and capital letters other than I, O, Z, S and V).",
    ),
    "region_not_allowed": (
        "该报表只接受全省（320000）数据，不接受地区代码“{value}”。",
        "This dataset is reported for the province (320000) only, not for region '{value}'.",
        "请删除设区市的行，只填报全省合计。",
        "Remove the city rows and report the provincial figure only.",
    ),
    "unit_not_allowed": (
        "计量单位“{value}”不适用，应为“{expected}”。",
        "Unit '{value}' is not allowed here; expected '{expected}'.",
        "请按模板规定的计量单位折算后填报。",
        "Convert the figure to the unit the template specifies.",
    ),
    "code_not_allowed": (
        "“{label_zh}”不能填“{value}”，应为以下之一：{expected}。",
        "'{value}' is not allowed in '{label_en}'; expected one of: {expected}.",
        "请改填允许的代码（例如填所在设区市的地区代码，而不是全省代码）。",
        "Use one of the allowed codes (e.g. the city's region code, not the province's).",
    ),
    "below_minimum": (
        "数值 {value} 小于允许的最小值 {limit}。",
        "Value {value} is below the minimum of {limit}.",
        "请核实数据；消费量、产量等不能为负数。",
        "Check the figure; quantities cannot be negative.",
    ),
    "above_maximum": (
        "数值 {value} 超过合理上限 {limit}。",
        "Value {value} exceeds the plausible maximum of {limit}.",
        "请核实数据，常见原因是小数点位置错误或计量单位错误。",
        "Check the figure; a misplaced decimal point or a wrong unit is the usual cause.",
    ),
    "duplicate_key": (
        "与第 {first_row} 行重复：{key_zh} 相同的记录只能有一条。",
        "Duplicates row {first_row}: only one record per {key_en} is allowed.",
        "请合并或删除重复的行。",
        "Merge or remove the duplicated rows.",
    ),
    "more_rows": (
        "同类问题另有 {count} 行，未逐一列出。",
        "{count} more rows have the same problem and are not listed one by one.",
        "请按上述示例一并修改。",
        "Correct them in the same way as the rows listed above.",
    ),
    "not_a_regular_file": (
        "收件箱中的“{file}”不是普通文件（符号链接、目录或设备），未读取、未存档。",
        "'{file}' in the inbox is not a regular file (a symbolic link, folder or device); "
        "it was neither read nor archived.",
        "请将数据文件本身（而非链接）放入收件箱。",
        "Put the data file itself, not a link to it, in the inbox.",
    ),
    "wrong_department": (
        "用户 {user} 属于“{user_department}”，无权报送“{dataset_zh}”（由“{department}”报送）。",
        "User {user} belongs to '{user_department}' and may not submit '{dataset_en}' "
        "(submitted by '{department}').",
        "请由本数据集所属部门的填报人报送。",
        "Have a submitter of the dataset's own department hand the file in.",
    ),
    "mixed_encoding": (
        "文件混用了两种编码：整体为 GBK/GB18030，但该行是 UTF-8，无法可靠识别文字。",
        "The file mixes two encodings: it is GBK/GB18030, but this row is UTF-8, so its text "
        "cannot be read reliably.",
        "请在 Excel 或 WPS 中将整个文件“另存为”CSV（UTF-8）后重新报送。",
        "Save the whole file as 'CSV UTF-8' in Excel or WPS and submit it again.",
    ),
    "title_period_mismatch": (
        "标题行写明 {title_year} 年，但文件名的报告期是 {period}。",
        "The title row says {title_year}, but the file name's period is {period}.",
        "请核对数据所属年份，修改标题或文件名使二者一致。",
        "Check which year the data are for, and make the title and the file name agree.",
    ),
    "extra_sheet": (
        "Excel 文件含有多个工作表（{sheets}），只能有一个工作表填写数据（隐藏的工作表也算）。",
        "The Excel file has more than one sheet ({sheets}); only one sheet may hold data "
        "(hidden sheets count too).",
        "请删除其他工作表（包括隐藏的），只保留填好数据的一个工作表后重新报送。",
        "Delete the other sheets (hidden ones too), keep the one filled-in sheet, and submit again.",
    ),
    "hidden_sheet": (
        "数据填在隐藏的工作表“{sheet}”中，核对文件的人看不到它。",
        "The data are on the hidden sheet '{sheet}', which whoever checked the file cannot see.",
        "请取消隐藏该工作表（或将数据移到可见的工作表），删除其他工作表后重新报送。",
        "Unhide the sheet (or move the data to a visible one), delete other sheets, and submit again.",
    ),
    "code_as_number": (
        "代码“{value}”在 Excel 中是数值格式，长代码会丢失末尾数字。",
        "The code '{value}' is stored as a number in Excel, so a long code loses its last digits.",
        "请将该列设为“文本”格式后重新输入代码（或在代码前加英文单引号 '）。",
        "Format the column as Text and type the codes again (or start each with an apostrophe ').",
    ),
    "xlsx_too_large": (
        "Excel 文件解压后过大（{detail}），超出处理上限。",
        "The Excel file is too large once unpacked ({detail}), beyond what intake accepts.",
        "请检查文件是否正确；大量数据请以 CSV 报送。",
        "Check the file; submit large data as CSV.",
    ),
    "row_rule": (
        "{detail_zh}。",
        "{detail_en}.",
        "请核实并修改该行。",
        "Check and correct the row.",
    ),
}


@dataclass(frozen=True)
class Issue:
    """One thing wrong with a submission, located as precisely as it can be."""

    code: str
    row: int | None = None  # the row number a person sees in Excel / a text editor
    column: str | None = None  # the header as written in the file, or the contract's label
    value: str | None = None
    details: dict = field(default_factory=dict)

    def _fill(self, index: int) -> str:
        return CATALOGUE[self.code][index].format(value=self.value, **self.details)

    @property
    def message_zh(self) -> str:
        return self._fill(0)

    @property
    def message_en(self) -> str:
        return self._fill(1)

    @property
    def fix_zh(self) -> str:
        return self._fill(2)

    @property
    def fix_en(self) -> str:
        return self._fill(3)

    def as_record(self) -> dict:
        return {
            "issue_code": self.code,
            "row_number": self.row,
            "column_name": self.column,
            "value": self.value,
            "message_zh": self.message_zh,
            "message_en": self.message_en,
            "fix_zh": self.fix_zh,
            "fix_en": self.fix_en,
        }


class SubmissionRejected(Exception):
    """Raised when a file cannot be read far enough to check its rows."""

    def __init__(self, *issues: Issue):
        super().__init__("; ".join(i.message_en for i in issues))
        self.issues = list(issues)
