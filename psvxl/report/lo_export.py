"""Export a Word document to a tagged PDF with LibreOffice, its indexes updated first.

Run by a Python that can `import uno` (LibreOffice's own on Windows and macOS, python3-uno on
Linux), never imported by psvxl itself:

    python lo_export.py SOFFICE IN.docx OUT.pdf PROFILE_URL

It starts a headless LibreOffice of its own (with the given throwaway profile), opens the
document hidden, updates every index twice (the table of contents gets its page numbers; the
second pass catches pages that moved because of the first), and stores a tagged PDF (PDF/UA
where LibreOffice offers it) that shows the document's title. Exit code 0 when the PDF was
written; a failure is printed on stderr as a code (`psvxl-lo:timeout:`), which psvxl/report/pdf.py
turns into the user's words.
"""

from __future__ import annotations

import html
import os
import re
import subprocess
import sys
import time
import zipfile

import uno  # type: ignore[import-not-found]
from com.sun.star.beans import PropertyValue  # type: ignore[import-not-found]
from com.sun.star.connection import NoConnectException  # type: ignore[import-not-found]

CODE_PREFIX = "psvxl-lo:"     # a failure on stderr: psvxl-lo:<code>:<detail> (pdf.py reads it)
PDF_OPTIONS = {"UseTaggedPDF": True, "PDFUACompliance": True, "DisplayPDFDocumentTitle": True,
               "ExportBookmarks": True, "ExportNotes": False, "UseLosslessCompression": False,
               "Quality": 90}


def prop(name: str, value: object) -> PropertyValue:
    p = PropertyValue()
    p.Name, p.Value = name, value
    return p


def code(what: str, detail: str = "") -> str:
    """A failure as the line psvxl reads on stderr («psvxl-lo:timeout:»): this script cannot import psvxl,
    so psvxl/report/pdf.py turns the code into the user's words from its catalogue."""
    return f"{CODE_PREFIX}{what}:{detail}"


def connect(pipe: str, process: subprocess.Popen) -> object:
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
    for _ in range(1200):
        try:
            return resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
        except NoConnectException:
            if process.poll() is not None:
                raise SystemExit(code("stopped")) from None
            time.sleep(0.1)
    raise SystemExit(code("timeout"))


def chart_alt_texts(source: str) -> list[tuple[str, str]]:
    """(title, description) of each chart in the document's order, from its `wp:docPr`."""
    with zipfile.ZipFile(source) as z:
        xml = z.read("word/document.xml").decode("utf-8")
    found = []
    for drawing in re.finditer(r"<w:drawing>.*?</w:drawing>", xml, re.DOTALL):
        block = drawing.group(0)
        doc_pr = re.search(r"<wp:docPr\b[^>]*>", block)
        if "drawingml/2006/chart" not in block or doc_pr is None:
            continue
        attributes = dict(re.findall(r'(\w+)="([^"]*)"', doc_pr.group(0)))
        found.append((html.unescape(attributes.get("title", "")), html.unescape(attributes.get("descr", ""))))
    return found


def carry_alt_texts(doc: object, source: str) -> None:
    """LibreOffice (7.4) does not take a chart's alternative text over from .docx: set it on each
    embedded object, so the tagged PDF's figures have their /Alt. Objects are named in document order."""
    objects = doc.getEmbeddedObjects()  # type: ignore[attr-defined]
    names = sorted(objects.getElementNames(), key=lambda n: int(re.sub(r"\D", "", n) or 0))
    texts = chart_alt_texts(source)
    if len(names) != len(texts):
        return
    for name, (title, description) in zip(names, texts, strict=False):
        item = objects.getByName(name)
        if not item.Description:
            # The PDF's /Alt is «title - description»; psvxl's description starts with the title already.
            item.Description = description or title


def fix_additional_styles(doc: object) -> None:
    """Word's TOC switch `\\t "PSV Kapittel;1;PSV Indikator;2"` (styles with their levels, separated by the
    document's list separator) reaches LibreOffice as one style name on level 1, so the indicators under a
    group (level 2) would drop out of the contents. Give each style its own level, and take the outline
    levels Word's `\\o "1-n"` means as styles too (LibreOffice's own outline switch would take every
    heading down to the deepest level named)."""
    styles = doc.StyleFamilies.getByName("ParagraphStyles")  # type: ignore[attr-defined]
    indexes = doc.getDocumentIndexes()  # type: ignore[attr-defined]
    for i in range(indexes.getCount()):
        index = indexes.getByIndex(i)
        if "ContentIndex" not in index.SupportedServiceNames[0] and not hasattr(index, "LevelParagraphStyles"):
            continue
        levels = index.LevelParagraphStyles
        named = [name for n in range(levels.getCount()) for name in levels.getByIndex(n)]
        pairs = [part.strip() for name in named for part in re.split(r"[;,]", name)]
        if len(named) != 1 or len(pairs) < 2 or len(pairs) % 2:
            continue
        wanted: dict[int, list[str]] = {}
        for name, level in zip(pairs[::2], pairs[1::2], strict=False):
            if level.isdigit() and styles.hasByName(name):
                wanted.setdefault(int(level), []).append(name)
        if index.CreateFromOutline:
            taken = {name for names in wanted.values() for name in names}
            for name in styles.ElementNames:
                outline = styles.getByName(name).OutlineLevel
                if 1 <= outline <= index.Level and name not in taken:
                    wanted.setdefault(outline, []).append(name)
        if not wanted:
            continue
        index.CreateFromOutline = False
        index.CreateFromLevelParagraphStyles = True
        index.Level = max(wanted)
        for n in range(levels.getCount()):
            uno.invoke(levels, "replaceByIndex", (n, uno.Any("[]string", tuple(wanted.get(n + 1, [])))))


def export(ctx: object, source: str, target: str) -> None:
    desktop = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)  # type: ignore[attr-defined]
    doc = desktop.loadComponentFromURL(uno.systemPathToFileUrl(os.path.abspath(source)), "_blank", 0,
                                       (prop("Hidden", True), prop("ReadOnly", True)))
    if doc is None:
        raise SystemExit(code("cannot-open", source))
    try:
        carry_alt_texts(doc, source)
        fix_additional_styles(doc)
        indexes = doc.getDocumentIndexes()
        for _ in range(2):
            for i in range(indexes.getCount()):
                indexes.getByIndex(i).update()
        data = uno.Any("[]com.sun.star.beans.PropertyValue", tuple(prop(k, v) for k, v in PDF_OPTIONS.items()))
        args = (prop("FilterName", "writer_pdf_Export"), PropertyValue("FilterData", 0, data, 0))
        uno.invoke(doc, "storeToURL", (uno.systemPathToFileUrl(os.path.abspath(target)), args))
    finally:
        doc.close(True)
        try:
            desktop.terminate()
        except Exception as exc:  # noqa: BLE001 - the office may already be going away
            print(code("terminated", str(exc)), file=sys.stderr)


def main() -> None:
    soffice, source, target, profile = sys.argv[1:5]
    pipe = f"psvxl{os.getpid()}"
    process = subprocess.Popen([soffice, "--headless", "--invisible", "--nologo", "--norestore",
                                "--nodefault", f"-env:UserInstallation={profile}",
                                f"--accept=pipe,name={pipe};urp;"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        export(connect(pipe, process), source, target)
        process.wait(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()


if __name__ == "__main__":
    main()
