using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace DefectorLens.Interop.Tables;

/// <summary>Writes tables as the sheets of one XLSX workbook, numbers as numbers and text as inline strings.</summary>
/// <remarks>
/// Written with the Open XML SDK directly: the ClosedXML available (0.95.4) was built against Open XML SDK 2, and beside
/// the SDK 3 the DOCX importer needs it fails at run time (<c>InvalidProgramException</c> in <c>XLWorkbook</c>'s static
/// constructor).
/// </remarks>
public static class XlsxTables
{
    /// <summary>Writes the workbook to <paramref name="path"/>, replacing an earlier file only once complete.</summary>
    public static void Write(IReadOnlyList<DataTable> tables, string path)
    {
        ArgumentNullException.ThrowIfNull(tables);
        var temporary = path + ".tmp";
        using (var document = SpreadsheetDocument.Create(temporary, SpreadsheetDocumentType.Workbook))
        {
            var workbook = document.AddWorkbookPart();
            workbook.Workbook = new Workbook();
            var sheets = workbook.Workbook.AppendChild(new Sheets());
            uint id = 1;
            foreach (var table in tables)
            {
                var part = workbook.AddNewPart<WorksheetPart>();
                using (var writer = OpenXmlWriter.Create(part))
                {
                    writer.WriteStartElement(new Worksheet());
                    writer.WriteStartElement(new SheetData());
                    Row(writer, table.Headings, asText: true);
                    foreach (var row in table.Rows)
                    {
                        Row(writer, row, asText: false);
                    }

                    writer.WriteEndElement();
                    writer.WriteEndElement();
                }

                sheets.Append(new Sheet { Id = workbook.GetIdOfPart(part), SheetId = id++, Name = table.Name.Length > 31 ? table.Name[..31] : table.Name });
            }

            workbook.Workbook.Save();
        }

        File.Move(temporary, path, overwrite: true);
    }

    private static void Row(OpenXmlWriter writer, IReadOnlyList<string> cells, bool asText)
    {
        writer.WriteStartElement(new Row());
        foreach (var cell in cells)
        {
            if (!asText && !string.IsNullOrEmpty(cell) && SpreadsheetCells.IsNumber(cell))
            {
                writer.WriteElement(new Cell { DataType = CellValues.Number, CellValue = new CellValue(cell) });
            }
            else
            {
                writer.WriteElement(new Cell { DataType = CellValues.InlineString, InlineString = new InlineString(new Text(SpreadsheetCells.Neutralise(cell)) { Space = SpaceProcessingModeValues.Preserve }) });
            }
        }

        writer.WriteEndElement();
    }
}
