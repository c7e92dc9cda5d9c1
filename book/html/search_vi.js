/*
 * Vietnamese search, the browser's side (book/html/search.py holds the index's side).
 *
 * Sphinx's searchtools.js passes every query word through Stemmer.stemWord: here
 * it folds the word exactly as the index was folded (no diacritics, đ→d, lower
 * case), so "Nghị", "NGHỊ" and "nghi" all look up "nghi".
 */
const foldVietnamese = (text) =>
  text
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/đ/g, "d")
    .replace(/Đ/g, "D")
    .normalize("NFC")
    .toLowerCase();

var Stemmer = function () {
  this.stemWord = (word) => foldVietnamese(word);
};

/*
 * The summary under each result: Sphinx looks for the (folded) query words in
 * the page's text as written, so "tu do" would never meet "Tự do" and the
 * summary would start anywhere. Look for them in a folded copy of the same
 * length instead, the whole phrase first, then each word as a whole word.
 */
const bookFoldSameLength = (text) =>
  Array.from(text, (character) => {
    const folded = foldVietnamese(character);
    return folded.length === character.length ? folded : character;
  }).join("");

const bookEscapeRegExp = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

const bookFindWords = (folded, words) => {
  const pattern = new RegExp(
    `(^|[^\\p{L}\\p{N}])${words.map(bookEscapeRegExp).join("\\s+")}(?![\\p{L}\\p{N}])`,
    "u",
  );
  const match = pattern.exec(folded);
  return match ? match.index + match[1].length : -1;
};

if (typeof Search !== "undefined") {
  const bookSphinxSummary = Search.makeSearchSummary;
  Search.makeSearchSummary = (htmlText, keywords, anchor) => {
    const text = Search.htmlToText(htmlText, anchor);
    const words = [...keywords];
    const folded = bookFoldSameLength(text);
    let start = bookFindWords(folded, words);
    for (const word of words) if (start < 0) start = bookFindWords(folded, [word]);
    if (start < 0) return bookSphinxSummary(htmlText, keywords, anchor);
    const from = Math.max(start - 120, 0);
    const summary = document.createElement("p");
    summary.classList.add("context");
    summary.textContent =
      (from === 0 ? "" : "...") +
      text.substr(from, 240).trim() +
      (from + 240 < text.length ? "..." : "");
    return summary;
  };
}
