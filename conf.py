"""The handbook: Sphinx configuration and the edition's metadata, in one place.

Editors change this file to change the edition. Everything not set here has a
sensible default in the press (``book/``).
"""

# -- The edition -------------------------------------------------------------
project = "Các chương trình, đề án, kế hoạch thực hiện Nghị quyết Đại hội"
book_title = project
book_subtitle = (
    "Nghị quyết Đại hội đại biểu toàn quốc lần thứ XIII của Đảng, "
    "Nghị quyết Đại hội Đảng bộ tỉnh Hải Dương lần thứ XVII, "
    "Nghị quyết Đại hội Đảng bộ thành phố Chí Linh lần thứ XXIII, "
    "nhiệm kỳ 2020–2025"
)
book_authors = ["Ban Tuyên giáo Thành ủy Chí Linh"]
author = book_authors[0]
book_publisher = "Ban Tuyên giáo Thành ủy Chí Linh"
book_place = "Chí Linh"
book_edition = "Xuất bản lần thứ nhất (bản mẫu)"
book_year = 2023
release = version = "1.0"
copyright = "2023, Ban Tuyên giáo Thành ủy Chí Linh"
book_isbn = ""  # e.g. "978-604-0-00000-0"; empty: the ebook gets a stable UUID
book_license = (
    "Tài liệu lưu hành nội bộ; được phép sao chép nguyên văn để phục vụ sinh hoạt chi bộ."
)
book_description = (
    "Cẩm nang các chương trình, đề án, kế hoạch thực hiện Nghị quyết Đại hội Đảng các cấp "
    "nhiệm kỳ 2020–2025, phục vụ công tác lãnh đạo, điều hành, kiểm tra, giám sát "
    "và sinh hoạt chi bộ trên địa bàn thành phố Chí Linh. Nội dung mẫu."
)
book_subjects = ["Nghị quyết Đại hội", "Chí Linh", "Hải Dương", "công tác tuyên giáo"]
book_slug = "so-tay-nghi-quyet-chi-linh-2020-2025"
book_page_size = "A5"
# Resolutions that programmes carry out (``:thuc-hien:`` of a {programme} card):
# key → title. Congress resolutions have no document symbol; a resolution that
# has one may instead be registered as a card of kind “nghị quyết”.
book_resolutions = {
    "NQ-ĐH-XIII": "Nghị quyết Đại hội đại biểu toàn quốc lần thứ XIII của Đảng",
    "NQ-ĐH-XVII": "Nghị quyết Đại hội Đảng bộ tỉnh Hải Dương lần thứ XVII",
    "NQ-ĐH-XXIII": "Nghị quyết Đại hội Đảng bộ thành phố Chí Linh lần thứ XXIII",
    "52-NQ/TW": "Nghị quyết số 52-NQ/TW của Bộ Chính trị về chủ động tham gia "
    "cuộc Cách mạng công nghiệp lần thứ tư",
}

# -- Sphinx ------------------------------------------------------------------
language = "vi"
root_doc = "index"
extensions = ["book"]
exclude_patterns = ["_build", "README.md"]
myst_enable_extensions = ["colon_fence", "deflist"]
myst_heading_anchors = 3
numfig = True
numfig_secnum_depth = 1
