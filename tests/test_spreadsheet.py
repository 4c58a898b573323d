import csv
import io

from openpyxl import load_workbook

from sorong_asn.spreadsheet import spreadsheet_response

EVIL = ['=HYPERLINK("http://x","y")', "+1", "-1+2", "@SUM(1)", "\t=1", "＝1"]


def test_csv_cells_that_look_like_formulas_start_with_a_quote():
    response = spreadsheet_response(filename="uji", headers=["NIP", "Nama"], rows=[[1, v] for v in EVIL], fmt="csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [r[1] for r in rows[1:]] == ["'" + v for v in EVIL]
    assert response["Content-Disposition"] == 'attachment; filename="uji.csv"'
    assert response["Cache-Control"] == "no-store"


def test_xlsx_has_no_live_formula_and_keeps_nip_and_numbers():
    rows = [["198503122010011001", v, -1500] for v in EVIL]
    response = spreadsheet_response(filename="uji x/\r\n", headers=["NIP", "Nama", "Biaya"], rows=rows, fmt="xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)
    assert sheet["A2"].value == "198503122010011001" and sheet["A2"].number_format == "@"
    assert sheet["C2"].value == -1500
    assert "\r" not in response["Content-Disposition"] and "/" not in response["Content-Disposition"]
