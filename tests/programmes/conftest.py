"""A tiny book with three programme cards, mentions and the generated back matter."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from book import press
from tests.conftest import SOURCE_DATE_EPOCH, write_book

CONF = """
myst_enable_extensions = ["colon_fence", "deflist"]
book_resolutions = {"NQ-ĐH": "Nghị quyết Đại hội thử nghiệm"}
"""

INDEX = """\
# Sách thử

```{toctree}
:caption: Phần I
:numbered: 2

a
b
```

```{toctree}
:caption: Phụ lục

so-dang-ky
```
"""

A = """\
# Chương một

Theo Kế hoạch số 102/KH-UBND của tỉnh, thành phố triển khai; xem thêm Kế hoạch số 99-KH/TU
và Kế hoạch số 25-KH/TU. Mã `05-NQ/TU` trong mã nguồn không phải lời văn.

```{programme} Nghị quyết về chuyển đổi số thành phố
:loai: nghị quyết
:so-ky-hieu: 05-NQ/TU
:ngay-ban-hanh: 12/4/2021
:co-quan-ban-hanh: Ban Chấp hành Đảng bộ thành phố
:thuc-hien: NQ-ĐH
:cap: Thành phố
:linh-vuc: Chuyển đổi số
:chu-tri: Ủy ban nhân dân thành phố
:thoi-gian: 2021–2030
:chi-tieu: Hồ sơ xử lý trực tuyến: 80 %; Hộ có Internet cáp quang: 90 %

Nghị quyết xác định chuyển đổi số là nhiệm vụ xuyên suốt.
```

```{programme} Chương trình chuyển đổi số quốc gia
---
loai: chương trình
so-ky-hieu: 749/QĐ-TTg
ngay-ban-hanh: 2020-06-03
co-quan-ban-hanh: Thủ tướng Chính phủ
thuc-hien: NQ-ĐH
cap: Trung ương
linh-vuc: Chuyển đổi số
chu-tri: Văn phòng Chính phủ
thoi-gian: 2020-2025
chi-tieu: |
  Kinh tế số trong GDP: 20 %
---
```
"""

B = """\
# Chương hai

Kế hoạch dưới đây thực hiện Nghị quyết số 05-NQ/TU của thành phố.

```{programme} Kế hoạch chuyển đổi số của tỉnh
:loai: kế hoạch
:so-ky-hieu: 102/KH-UBND
:ngay-ban-hanh: 10/3/2022
:co-quan-ban-hanh: Ủy ban nhân dân tỉnh
:thuc-hien: 05-NQ/TU
:cap: Tỉnh
:linh-vuc: Chuyển đổi số
:chu-tri: Đài Phát thanh và Truyền hình tỉnh
:phoi-hop: Sở Nội vụ; Công an tỉnh
:thoi-gian: 2022–2025
```
"""

REGISTER = """\
# Sổ đăng ký

## Danh mục

```{programme-register}
```

## Theo cơ quan chủ trì

```{programme-index} agency
```

## Theo nghị quyết

```{programme-index} resolution
```

## Thời gian

```{programme-timeline}
```
"""

CHAPTERS = {"index.md": INDEX, "a.md": A, "b.md": B, "so-dang-ky.md": REGISTER}


@pytest.fixture(scope="session")
def register_book(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_book(tmp_path_factory.mktemp("programmes"), CHAPTERS, CONF)


@pytest.fixture(scope="session")
def register_editions(register_book: Path) -> dict[str, Path]:
    os.environ["SOURCE_DATE_EPOCH"] = SOURCE_DATE_EPOCH
    return press.build(register_book, status=None)
