"""ReportLab imported for less (outputs/pdf_import.py, outputs/pdf_fonts.py) does what ReportLab does.

Its slowest patterns are compiled, and Pillow's image module imported, when first used, and the fonts are read from
ReportLab's own folder without its search (which tries the name as a URL first). Each process below imports
ReportLab before anything else.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from reportlab.pdfbase.ttfonts import TTFont

from generator.outputs import pdf_fonts

ROOT = Path(__file__).resolve().parent.parent

USES = """
import json, sys
from reportlab.platypus import paragraph
from reportlab.lib import textsplit
uris = ["http://example.com/a/b/c", "HTTPS://WWW.EXAMPLE.COM/Privacy/Notice", "ftp://user:pw@192.168.0.1:8080/x?y#z",
        "mailto:someone@example.com", "https://münchen.example.de/straße/", "HTTP://LOCALHOST:8000/", "not a uri",
        "www.example.com/no/scheme", "C:\\\\Windows\\\\fonts", "https://-bad-.example.com/", "http://[::1]/x"]
uses = {"uris": [paragraph._uri_split_pairs(uri) for uri in uris],
        "cjk": textsplit.rx.sub(r"\\1\\0 ", "Privacy 個人情報保護方針 notice 隱私"),  # as cjkwrap uses it
        "patterns": [[pattern.pattern, int(pattern.flags)] for pattern in (paragraph.uri_pat, textsplit.rx)]}
"""


def uses(first: str) -> dict[str, object]:
    """What ReportLab's slow patterns give, in a process whose first import is `first`."""
    code = f"{first}\n{USES}\nprint(json.dumps(uses))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    return json.loads(out.stdout)  # type: ignore[no-any-return]


def test_reportlabs_slowest_patterns_are_compiled_when_used_and_match_as_reportlab_compiles_them() -> None:
    shortcut = """
from generator.outputs import archive_pdf, pdf_import
from reportlab.platypus import paragraph
from reportlab.lib import textsplit
from tests.test_pdf_layout import example_documents
for document in example_documents():
    archive_pdf.render_pdf(document)
lazy = [pattern for pattern in (paragraph.uri_pat, textsplit.rx) if isinstance(pattern, pdf_import.PatternOnFirstUse)]
assert len(lazy) == 2 and not any("compiled" in vars(pattern) for pattern in lazy), "compiled at import, or used"
"""
    assert uses(shortcut) == uses("import reportlab.platypus")


def test_the_fonts_are_reportlabs_own_read_without_its_search_for_them() -> None:
    code = """
import sys
from generator.outputs import archive_pdf
from tests.test_pdf_layout import example_documents
archive_pdf.render_pdf(example_documents()[0])
print("urllib.request" in sys.modules)
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert out.stdout.split() == ["False"]  # the font's bare name is never tried as a URL
    for name in ("Vera.ttf", "VeraBd.ttf"):  # the file ReportLab's search finds (on a machine without another)
        ours = pdf_fonts.VeraFont(f"NoticesTestPath{name}", name).face
        assert ours.filename.startswith(pdf_fonts.SHIPPED)
        assert ours._ttf_data == TTFont(f"NoticesTestSearched{name}", name).face._ttf_data


PILLOW_USES = """
import PIL.Image
from PIL import Image
from reportlab.lib import utils
image = Image.new("RGB", (3, 2), "#8a1c14")
utils.Image.MAX_IMAGE_PIXELS = 12345  # written through ReportLab's name for it, read through Pillow's
print(utils._isPILImage(image), utils.ImageReader(image).getSize(), image.getpixel((0, 0)), Image.Image.__module__,
      Image.__name__, bool(Image.__doc__), "open" in dir(utils.Image), PIL.Image.MAX_IMAGE_PIXELS,
      type(sys.modules["PIL.Image"]).__name__, PIL.Image is sys.modules["PIL.Image"])
"""


def pillow_uses(first: str) -> list[str]:
    code = f"import sys\n{first}\n{PILLOW_USES}"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    return out.stdout.splitlines()


def test_pillows_image_module_is_imported_when_first_used_and_then_does_all_it_does() -> None:
    shortcut = """
from generator.outputs import archive_pdf
from tests.test_pdf_layout import example_documents
archive_pdf.render_pdf(example_documents()[0])
from reportlab.lib import utils
print("PIL._imaging" in sys.modules, "PIL.Image" in sys.modules, type(utils.Image).__name__)
"""
    laid_out, *used = pillow_uses(shortcut)
    # a PDF laid out without Pillow's image module (nor its C library); only ReportLab holds the stand-in
    assert laid_out == "False False ModuleOnFirstUse"
    assert used == pillow_uses("import reportlab.platypus")
    assert used[0].endswith(" module True")  # then the module itself, in sys.modules and in its package


def test_pillows_image_module_imported_before_is_left_as_it_is() -> None:
    code = """
import sys, PIL.Image
from generator.outputs import pdf_import
from reportlab.lib import utils
print(utils.Image is PIL.Image is sys.modules["PIL.Image"], type(PIL.Image).__name__)
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert out.stdout.split() == ["True", "module"]


def test_code_importing_pillows_image_module_after_reportlab_gets_the_module_itself() -> None:
    code = """
import sys, types
from generator.outputs import pdf_import
from PIL import Image
import PIL.Image
print(type(Image) is types.ModuleType, Image is PIL.Image is sys.modules["PIL.Image"], "open" in vars(Image))
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert out.stdout.split() == ["True", "True", "True"], out.stderr


def test_threads_first_using_pillows_image_module_at_once_all_get_the_one_module() -> None:
    code = """
import sys, threading
from generator.outputs import pdf_import
from reportlab.lib import utils
start, found = threading.Barrier(8), []
def use():
    start.wait()
    from PIL import Image
    found.append((utils.Image.Image, Image.Image))
threads = [threading.Thread(target=use) for _ in range(8)]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
module = sys.modules["PIL.Image"]
print(len(found), all(a is b is module.Image for a, b in found), type(module).__name__, module.Image.__module__)
"""
    for _ in range(3):
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
        assert out.stdout.split() == ["8", "True", "module", "PIL.Image"], out.stderr
