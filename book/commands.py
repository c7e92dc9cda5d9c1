"""``./press`` without a task, or with one misspelled: what an editor can do, in Vietnamese.

invoke answers these in English ("No idea what 'publsh' is!", its option
list); the wrapper asks here first and hands every known task on to invoke.
"""

from __future__ import annotations

import difflib
import sys

# Task -> what it does, in the order an editor meets them.
TASKS = {
    "publish": "xuất bản cả ba ấn bản (PDF, EPUB, trang web) vào build/",
    "check": "kiểm tra sách trước khi xuất bản: mọi lỗi theo tệp:dòng",
    "serve": "xem trước trên trình duyệt, tự cập nhật khi lưu chương",
    "new-chapter": 'thêm chương mới: ./press new-chapter "Tiêu đề" --part 2',
    "fix-encoding": "chuyển chương gõ bằng phông cũ (TCVN3, VNI) sang Unicode",
    "pdf": "chỉ dựng bản in (PDF)",
    "epub": "chỉ dựng sách điện tử (EPUB)",
    "html": "chỉ dựng trang web",
    "proof": "ảnh các trang tiêu biểu của bản in để soát (build/proof/)",
    "stats": "số chữ, hình, bảng và trang in của từng chương",
    "clean": "xoá thư mục build/",
    "test": "chạy bộ kiểm thử của trình xuất bản",
    "bench": "đo tốc độ (dành cho người phát triển)",
}


def listing() -> str:
    width = max(map(len, TASKS))
    lines = ["Cách dùng: ./press LỆNH [--book THƯ-MỤC-SÁCH]", "", "Các lệnh:"]
    lines += [f"  {name.ljust(width)}  {what}" for name, what in TASKS.items()]
    lines += ["", "Mỗi lệnh nhận --book THƯ-MỤC để làm việc với một sách khác.",
              "Trợ giúp của một lệnh: ./press --help LỆNH"]  # fmt: skip
    return "\n".join(lines)


def unknown(name: str) -> str:
    """What to say of a task that does not exist."""
    near = difflib.get_close_matches(name, TASKS, n=1, cutoff=0.5)
    hint = f" Có phải ý bạn là: ./press {near[0]}?" if near else ""
    return f"Không có lệnh “{name}”.{hint}\n\n{listing()}"


LISTED = 10  # the wrapper stops there, successfully


def main(argv: list[str]) -> int:
    """0 when invoke should run ``argv``; LISTED when the tasks were listed; 2 for a task
    that does not exist (said, with the nearest one)."""
    if not argv:
        print(listing())
        return LISTED
    first = argv[0]
    if first.startswith("-") or first.replace("_", "-") in TASKS:
        return 0
    print(unknown(first), file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
