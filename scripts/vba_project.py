"""Build psvxl's vbaProject.bin without Excel (a build-time tool of scripts/build_templates.py).

Starting point: the VBA project of xlwings' own standalone quickstart workbook, from the pinned
xlwings package (BSD-3-Clause, see LICENSE-xlwings.txt). It holds xlwings' standalone VBA module
(RunPython) and a small Module1. We replace Module1's source with psvxl's three macros and write a
new compound file:

- Module1's stream becomes just its compressed source, and its MODULEOFFSET in the `dir` stream 0.
  The project is source-only (the _VBA_PROJECT stream carries no compiled cache), so Excel compiles
  the source when the workbook opens. MS-OVBA 2.4.1 describes the compression used here.
- The compound file (MS-CFB, version 3, 512-byte sectors) is written from scratch: olefile can
  only overwrite streams in place, at the same size.

Only the template build runs this; at run time psvxl copies the project out of the committed
.xlsm template.
"""

from __future__ import annotations

import io
import struct
import zipfile
from importlib import resources

import olefile
from oletools.olevba import decompress_stream

MODULE = "Module1"
MACROS = {
    "Beregn": "recompute",
    "Kontroller": "check",
    "LagRapport": "build_report",
}


def module_source() -> str:
    lines = [f'Attribute VB_Name = "{MODULE}"',
             "' psvxl: knappene Beregn, Kontroller og Lag rapport. De kaller Python (psvxl.excel)",
             "' gjennom xlwings sin RunPython. Kjør «psvxl excel-setup» én gang på maskinen først."]
    for macro, function in MACROS.items():
        lines += [f"Sub {macro}()", f'    RunPython "import psvxl.excel as e; e.{function}()"', "End Sub"]
    return "\r\n".join(lines) + "\r\n"


# --- MS-OVBA compression -----------------------------------------------------------------------

def compress(data: bytes) -> bytes:
    out = bytearray(b"\x01")
    for start in range(0, len(data), 4096):
        out += _compress_chunk(data[start:start + 4096])
    return bytes(out)


def _compress_chunk(chunk: bytes) -> bytes:
    body = bytearray()
    pos = 0
    while pos < len(chunk):
        flag_at = len(body)
        body.append(0)
        flags = 0
        for bit in range(8):
            if pos >= len(chunk):
                break
            offset, length = _longest_match(chunk, pos)
            if length >= 3:
                bit_count = max((pos - 1).bit_length(), 4)
                token = ((offset - 1) << (16 - bit_count)) | (length - 3)
                body += struct.pack("<H", token)
                flags |= 1 << bit
                pos += length
            else:
                body.append(chunk[pos])
                pos += 1
        body[flag_at] = flags
    if len(body) > 4096 and len(chunk) == 4096:   # incompressible: a raw chunk
        return struct.pack("<H", (4096 + 2 - 3) | 0x3000) + chunk
    return struct.pack("<H", (len(body) + 2 - 3) | 0x3000 | 0x8000) + bytes(body)


def _longest_match(chunk: bytes, pos: int) -> tuple[int, int]:
    bit_count = max((pos - 1).bit_length(), 4) if pos > 0 else 4
    maximum = (0xFFFF >> bit_count) + 3
    best_offset, best_length = 0, 0
    for candidate in range(pos - 1, -1, -1):
        length = 0
        while (pos + length < len(chunk) and length < maximum
               and chunk[candidate + length] == chunk[pos + length]):
            length += 1
        if length > best_length:
            best_offset, best_length = pos - candidate, length
    return best_offset, best_length


# --- the dir stream: Module1's text offset becomes 0 --------------------------------------------

def _dir_with_source_only(dir_data: bytes, module: str) -> bytes:
    data = bytearray(dir_data)
    i = 0
    current = None
    while i < len(data):
        record_id, size = struct.unpack_from("<HI", data, i)
        if record_id == 0x0009:            # PROJECTVERSION: a fixed 6-byte body whatever Size says
            size = 6
        payload = i + 6
        if record_id == 0x0019:            # MODULENAME
            current = bytes(data[payload:payload + size]).decode("latin-1")
        elif record_id == 0x0031 and current == module:   # MODULEOFFSET
            struct.pack_into("<I", data, payload, 0)
        i = payload + size
    return bytes(data)


# --- MS-CFB writer ------------------------------------------------------------------------------

SECTOR = 512
MINI = 64
MINI_CUTOFF = 4096
END, FREE, FATSECT, NOSTREAM = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD, 0xFFFFFFFF


class _Entry:
    def __init__(self, name: str, kind: int, data: bytes = b"") -> None:
        self.name, self.kind, self.data = name, kind, data   # kind: 1 storage, 2 stream, 5 root
        self.children: list[_Entry] = []
        self.left = self.right = self.child = NOSTREAM
        self.start, self.size = END, 0
        self.index = 0


def _cfb_key(name: str) -> tuple[int, str]:
    return (len(name), name.upper())


def write_cfb(streams: dict[str, bytes]) -> bytes:
    """A compound file holding `streams` ("VBA/dir" -> bytes); storages are made from the paths."""
    root, entries = _directory_entries(streams)
    for entry in entries:
        entry.child = _sibling_tree(entry.children)
    mini_stream, mini_fat, big = _mini_stream(entries)
    plan = [("dir", _sectors(len(entries) * 128)), ("minifat", _sectors(len(mini_fat) * 4)),
            ("ministream", _sectors(len(mini_stream)))] + [(e.index, _sectors(e.size)) for e in big]
    fat, fat_sectors, starts = _fat(plan)
    root.start = starts["ministream"]
    root.size = len(mini_stream)
    for entry in big:
        entry.start = starts[entry.index]
    out = io.BytesIO()
    out.write(_header(fat_sectors, starts, _sectors(len(mini_fat) * 4)))
    out.write(struct.pack(f"<{len(fat)}I", *fat))
    out.write(_padded(_directory(entries)))
    out.write(_padded(struct.pack(f"<{len(mini_fat)}I", *mini_fat)))
    out.write(_padded(mini_stream))
    for entry in big:
        out.write(_padded(entry.data))
    return out.getvalue()


def _directory_entries(streams: dict[str, bytes]) -> tuple[_Entry, list[_Entry]]:
    """The root storage with a storage per folder of the paths and a stream per path; all entries
    numbered depth first (their index in the directory)."""
    root = _Entry("Root Entry", 5)
    storages = {"": root}
    for path in sorted(streams):
        parts = path.split("/")
        parent = root
        for depth in range(1, len(parts)):
            key = "/".join(parts[:depth])
            if key not in storages:
                storages[key] = _Entry(parts[depth - 1], 1)
                parent.children.append(storages[key])
            parent = storages[key]
        parent.children.append(_Entry(parts[-1], 2, streams[path]))
    entries: list[_Entry] = []

    def number(entry: _Entry) -> None:
        entry.index = len(entries)
        entries.append(entry)
        for child in entry.children:
            number(child)

    number(root)
    return root, entries


def _sibling_tree(siblings: list[_Entry]) -> int:
    """A balanced binary search tree of siblings (all black); returns the index of its root."""
    if not siblings:
        return NOSTREAM
    siblings = sorted(siblings, key=lambda e: _cfb_key(e.name))
    middle = len(siblings) // 2
    node = siblings[middle]
    node.left = _sibling_tree(siblings[:middle])
    node.right = _sibling_tree(siblings[middle + 1:])
    return node.index


def _mini_stream(entries: list[_Entry]) -> tuple[bytearray, list[int], list[_Entry]]:
    """Small streams live in the mini stream (64-byte mini sectors), large ones in sectors: the mini
    stream, its FAT, and the large streams."""
    mini_stream, mini_fat = bytearray(), []
    big: list[_Entry] = []
    for entry in entries:
        if entry.kind != 2:
            continue
        entry.size = len(entry.data)
        if entry.size == 0:
            entry.start = END
        elif entry.size < MINI_CUTOFF:
            first = len(mini_stream) // MINI
            count = -(-entry.size // MINI)
            mini_stream += entry.data + b"\0" * (count * MINI - entry.size)
            mini_fat += [first + k + 1 for k in range(count - 1)] + [END]
            entry.start = first
        else:
            big.append(entry)
    return mini_stream, mini_fat, big


def _sectors(n_bytes: int) -> int:
    return -(-n_bytes // SECTOR)


def _padded(data: bytes | bytearray) -> bytes:
    return bytes(data) + b"\0" * (_sectors(len(data)) * SECTOR - len(data))


def _fat(plan: list[tuple[object, int]]) -> tuple[list[int], int, dict[object, int]]:
    """The FAT for the planned runs of sectors (after the FAT's own): the FAT, its sector count and
    where each run starts."""
    data_sectors = sum(n for _, n in plan)
    fat_sectors = 1
    while fat_sectors * (SECTOR // 4) < data_sectors + fat_sectors:
        fat_sectors += 1
    assert fat_sectors <= 109, "the DIFAT in the header holds 109 FAT sectors"
    fat = [FATSECT] * fat_sectors
    starts: dict[object, int] = {}
    for key, count in plan:
        if count == 0:
            starts[key] = END
            continue
        starts[key] = len(fat)
        fat += [len(fat) + k + 1 for k in range(count - 1)] + [END]
    fat += [FREE] * (fat_sectors * (SECTOR // 4) - len(fat))
    return fat, fat_sectors, starts


def _header(fat_sectors: int, starts: dict[object, int], mini_fat_sectors: int) -> bytearray:
    header = bytearray(SECTOR)
    header[0:8] = olefile.MAGIC
    struct.pack_into("<HHHHH", header, 24, 0x003E, 3, 0xFFFE, 9, 6)
    struct.pack_into("<I", header, 44, fat_sectors)
    struct.pack_into("<I", header, 48, starts["dir"])
    struct.pack_into("<I", header, 56, MINI_CUTOFF)
    struct.pack_into("<I", header, 60, starts["minifat"])
    struct.pack_into("<I", header, 64, mini_fat_sectors)
    struct.pack_into("<I", header, 68, END)   # no DIFAT sectors
    struct.pack_into("<I", header, 72, 0)
    difat = list(range(fat_sectors)) + [FREE] * (109 - fat_sectors)
    struct.pack_into("<109I", header, 76, *difat)
    return header


def _directory(entries: list[_Entry]) -> bytearray:
    """The directory: 128 bytes per entry, filled up to a whole sector with unused entries."""
    directory = bytearray()
    for entry in entries:
        name = entry.name.encode("utf-16-le") + b"\0\0"
        record = bytearray(128)
        record[0:len(name)] = name
        struct.pack_into("<HBB", record, 64, len(name), entry.kind, 1)   # 1 = black
        struct.pack_into("<III", record, 68, entry.left, entry.right, entry.child)
        struct.pack_into("<II", record, 116, entry.start, entry.size)
        directory += record
    free = bytearray(128)
    struct.pack_into("<III", free, 68, NOSTREAM, NOSTREAM, NOSTREAM)
    while len(directory) % SECTOR:
        directory += free                  # unused entries: zero, with no siblings or child
    return directory


# --- the project ------------------------------------------------------------------------------

def xlwings_vba_project() -> bytes:
    workbook = resources.files("xlwings").joinpath("quickstart_standalone.xlsm").read_bytes()
    with zipfile.ZipFile(io.BytesIO(workbook)) as package:
        return package.read("xl/vbaProject.bin")


# --- a document module for every sheet ------------------------------------------------------------

WORKSHEET_BASE = "0{00020820-0000-0000-C000-000000000046}"


def document_source(name: str) -> str:
    """The source Excel keeps for a worksheet's document module (no code, only its attributes)."""
    return "\r\n".join([f'Attribute VB_Name = "{name}"', f'Attribute VB_Base = "{WORKSHEET_BASE}"',
                         "Attribute VB_GlobalNameSpace = False", "Attribute VB_Creatable = False",
                         "Attribute VB_PredeclaredId = True", "Attribute VB_Exposed = True",
                         "Attribute VB_TemplateDerived = False", "Attribute VB_Customizable = True"]) + "\r\n"


def _records(data: bytes) -> list[tuple[int, bytes]]:
    out, i = [], 0
    while i < len(data):
        record_id, size = struct.unpack_from("<HI", data, i)
        if record_id == 0x0009:            # PROJECTVERSION: a fixed 6-byte body whatever Size says
            size = 6
        out.append((record_id, data[i + 6:i + 6 + size]))
        i += 6 + size
    return out


def _pack(records: list[tuple[int, bytes]]) -> bytes:
    out = bytearray()
    for record_id, body in records:
        if record_id == 0x0009:
            out += struct.pack("<HI", record_id, 4) + body
        else:
            out += struct.pack("<HI", record_id, len(body)) + body
    return bytes(out)


def _with_document_modules(dir_data: bytes, names: list[str], template: str) -> bytes:
    """The dir stream with a document module for each of `names`, copied from `template`'s records
    with the names changed and the source at offset 0 (source only)."""
    records = _records(dir_data)
    modules: list[list[tuple[int, bytes]]] = []
    head: list[tuple[int, bytes]] = []
    tail: list[tuple[int, bytes]] = []
    for record in records:
        if record[0] == 0x0019:
            modules.append([record])
        elif record[0] == 0x0010:
            tail.append(record)
        elif modules and not tail:
            modules[-1].append(record)
        else:
            head.append(record)
    model = next(m for m in modules if m[0][1].decode("latin-1") == template)
    for name in names:
        copy = []
        for record_id, body in model:
            if record_id in (0x0019, 0x001A):
                body = name.encode("latin-1")
            elif record_id in (0x0047, 0x0032):
                body = name.encode("utf-16-le")
            elif record_id == 0x0031:
                body = struct.pack("<I", 0)
            copy.append((record_id, body))
        modules.append(copy)
    head = [(rid, struct.pack("<H", len(modules)) if rid == 0x000F else body) for rid, body in head]
    return _pack(head + [r for m in modules for r in m] + tail)


def _project_stream(text: str, names: list[str]) -> str:
    """PROJECT: a Document= line and a [Workspace] line for each new document module."""
    lines = text.split("\r\n")
    last_document = max(i for i, line in enumerate(lines) if line.startswith("Document="))
    lines[last_document + 1:last_document + 1] = [f"Document={name}/&H00000000" for name in names]
    workspace = lines.index("[Workspace]")
    end = next((i for i in range(workspace + 1, len(lines)) if not lines[i].strip()), len(lines))
    lines[end:end] = [f"{name}=0, 0, 0, 0, C" for name in names]
    return "\r\n".join(lines)


def _project_wm(data: bytes, names: list[str]) -> bytes:
    """PROJECTwm: each module's name in MBCS and UTF-16, the list ended by two zero bytes."""
    assert data.endswith(b"\0\0")
    added = b"".join(name.encode("latin-1") + b"\0" + name.encode("utf-16-le") + b"\0\0" for name in names)
    return data[:-2] + added + b"\0\0"


def build_vba_project(sheets: int = 16) -> bytes:
    """The project for a workbook of `sheets` worksheets (code names Sheet1…SheetN) and ThisWorkbook:
    xlwings' project has document modules for Sheet1 and Sheet2 only; the others are added."""
    source = olefile.OleFileIO(xlwings_vba_project())
    streams = {"/".join(path): source.openstream(path).read() for path in source.listdir()}
    dir_stream = bytes(decompress_stream(bytearray(streams["VBA/dir"])))
    existing = {name for name in (p.split("/")[1] for p in streams if p.startswith("VBA/")) if name.startswith("Sheet")}
    added = [f"Sheet{n}" for n in range(1, sheets + 1) if f"Sheet{n}" not in existing]
    dir_stream = _with_document_modules(_dir_with_source_only(dir_stream, MODULE), added, "Sheet2")
    streams["VBA/dir"] = compress(dir_stream)
    streams[f"VBA/{MODULE}"] = compress(module_source().encode("cp1252"))
    for name in added:
        streams[f"VBA/{name}"] = compress(document_source(name).encode("cp1252"))
    streams["PROJECT"] = _project_stream(streams["PROJECT"].decode("latin-1"), added).encode("latin-1")
    streams["PROJECTwm"] = _project_wm(streams["PROJECTwm"], added)
    return write_cfb(streams)


if __name__ == "__main__":
    import sys

    sys.stdout.buffer.write(build_vba_project())
