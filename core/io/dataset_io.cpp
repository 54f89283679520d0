#include "core/io/dataset_io.hpp"

#include "core/io/mat_reader.hpp"
#include "core/io/npy_dataset.hpp"

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <climits>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>
#include <new>
#include <numeric>
#include <string>
#include <system_error>
#include <unordered_map>
#include <utility>
#include <vector>

namespace lambdascope {

namespace {

// ---------------------------------------------------------------------------------------------
// Message text. Everything quoted in a message comes from an untrusted file, so it is made
// printable and short: the message must stay one readable line whatever the bytes were.

constexpr std::size_t kMaxQuoted = 48;

// Length of the valid UTF-8 sequence starting at s[i], or 0 when the bytes there are invalid.
std::size_t utf8SequenceLength(std::string_view s, std::size_t i) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  const unsigned char c = byte(i);
  std::size_t len = 0;
  unsigned char lo = 0x80, hi = 0xBF;  // allowed range of the second byte
  if (c >= 0xC2 && c <= 0xDF) {
    len = 2;
  } else if (c >= 0xE0 && c <= 0xEF) {
    len = 3;
    if (c == 0xE0) lo = 0xA0;  // overlong
    if (c == 0xED) hi = 0x9F;  // surrogates
  } else if (c >= 0xF0 && c <= 0xF4) {
    len = 4;
    if (c == 0xF0) lo = 0x90;
    if (c == 0xF4) hi = 0x8F;
  } else {
    return 0;
  }
  if (i + len > s.size()) return 0;
  if (byte(i + 1) < lo || byte(i + 1) > hi) return 0;
  for (std::size_t k = 2; k < len; ++k)
    if (byte(i + k) < 0x80 || byte(i + k) > 0xBF) return 0;
  return len;
}

// Valid UTF-8 is kept; control characters and invalid bytes become \xNN; long text is cut.
std::string printable(std::string_view s, std::size_t maxBytes = kMaxQuoted) {
  bool cut = false;
  if (s.size() > maxBytes) {
    std::size_t end = maxBytes;
    // Do not split a multi-byte character (at most 3 continuation bytes to step over).
    for (int k = 0; k < 3 && end > 0 && (static_cast<unsigned char>(s[end]) & 0xC0) == 0x80; ++k)
      --end;
    s = s.substr(0, end);
    cut = true;
  }
  static constexpr char hex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(s.size() + 8);
  for (std::size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0x20 && c < 0x7F) {
      out += static_cast<char>(c);
      ++i;
    } else if (c == '\t') {
      out += "\\t";
      ++i;
    } else if (const std::size_t len = c >= 0x80 ? utf8SequenceLength(s, i) : 0; len > 0) {
      out.append(s.substr(i, len));
      i += len;
    } else {
      out += "\\x";
      out += hex[c >> 4];
      out += hex[c & 0xF];
      ++i;
    }
  }
  if (cut) out += "...";
  return out;
}

std::string quote(std::string_view s, std::size_t maxBytes = kMaxQuoted) {
  return "'" + printable(s, maxBytes) + "'";
}

std::string composeWhat(const std::string& file, long line, long column,
                        const std::string& reason) {
  std::string out = printable(file, 4096);
  if (line > 0) {
    out += ':' + std::to_string(line);
    if (column > 0) out += ':' + std::to_string(column);
  }
  out += ": ";
  // Reasons quote untrusted text (npy header keys, zip member names...): one printable line.
  out += printable(reason, 4096);
  return out;
}

std::string formatDouble(double v) {
  char buf[64];
  const auto res = std::to_chars(buf, buf + sizeof buf, v);  // shortest round-trip form
  return std::string(buf, res.ptr);
}

// ---------------------------------------------------------------------------------------------
// Numbers.

enum class NumStatus { Ok, Empty, NonNumeric, NaN, Infinite, Overflow };

// Decimal exponent of the leading significant digit of a syntactically valid number that
// from_chars reported out of range: > 0 means it overflowed, otherwise it underflowed.
bool overflowsRatherThanUnderflows(std::string_view s) {
  std::size_t i = 0;
  if (i < s.size() && (s[i] == '-' || s[i] == '+')) ++i;
  long long magnitude = 0;
  bool seenSignificant = false;
  for (; i < s.size() && s[i] >= '0' && s[i] <= '9'; ++i) {
    if (s[i] != '0') seenSignificant = true;
    if (seenSignificant) ++magnitude;
  }
  if (i < s.size() && s[i] == '.') {
    for (++i; i < s.size() && s[i] >= '0' && s[i] <= '9'; ++i) {
      if (seenSignificant) continue;
      if (s[i] != '0')
        seenSignificant = true;
      else
        --magnitude;
    }
  }
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    bool negative = false;
    if (i < s.size() && (s[i] == '-' || s[i] == '+')) negative = s[i++] == '-';
    long long e = 0;
    for (; i < s.size() && s[i] >= '0' && s[i] <= '9'; ++i)
      e = std::min(e * 10 + (s[i] - '0'), 1LL << 40);
    magnitude += negative ? -e : e;
  }
  return magnitude > 0;
}

// Locale-independent strict parse of a whole token. A leading '+' is accepted (SVMlight "+1");
// underflow rounds to a signed zero as IEEE arithmetic would, overflow is an error.
NumStatus parseNumber(std::string_view s, double& out) {
  if (s.empty()) return NumStatus::Empty;
  const char* first = s.data();
  const char* last = s.data() + s.size();
  if (*first == '+') {
    ++first;
    if (first == last || *first == '+' || *first == '-') return NumStatus::NonNumeric;
  }
  const auto res = std::from_chars(first, last, out, std::chars_format::general);
  if (res.ptr != last) return NumStatus::NonNumeric;  // also covers invalid_argument (ptr==first)
  if (res.ec == std::errc::result_out_of_range) {
    if (overflowsRatherThanUnderflows(s)) return NumStatus::Overflow;
    out = s.front() == '-' ? -0.0 : 0.0;
    return NumStatus::Ok;
  }
  if (res.ec != std::errc()) return NumStatus::NonNumeric;
  if (std::isnan(out)) return NumStatus::NaN;
  if (std::isinf(out)) return NumStatus::Infinite;
  return NumStatus::Ok;
}

bool isNumber(std::string_view s) {
  double v = 0.0;
  return parseNumber(s, v) == NumStatus::Ok;
}

// "<kind> <noun> 'text'<where>" for a failed parse, e.g. "non-numeric value 'abc' in column 'b'".
std::string describeBadNumber(NumStatus status, std::string_view text, std::string_view noun,
                              std::string_view where) {
  const std::string tail = std::string(noun) + " " + quote(text) + std::string(where);
  switch (status) {
    case NumStatus::Empty:
      return "empty " + std::string(noun) + std::string(where);
    case NumStatus::NaN:
      return "NaN " + tail;
    case NumStatus::Infinite:
      return "infinite " + tail;
    case NumStatus::Overflow:
      return "infinite " + tail + " (beyond the range of a double)";
    case NumStatus::NonNumeric:
    case NumStatus::Ok:
      break;
  }
  return "non-numeric " + tail;
}

// ---------------------------------------------------------------------------------------------
// Lines and fields.

bool isDigit(char c) { return c >= '0' && c <= '9'; }

bool isBlankChar(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f'; }

bool isBlank(std::string_view s) { return std::all_of(s.begin(), s.end(), isBlankChar); }

std::string_view trim(std::string_view s) {
  std::size_t b = 0, e = s.size();
  while (b < e && isBlankChar(s[b])) ++b;
  while (e > b && isBlankChar(s[e - 1])) --e;
  return s.substr(b, e - b);
}

/// An I/O error while a file was read in blocks (turned into a DataError naming the file).
struct ReadFailure {};

// Physical lines with their 1-based numbers; LF or CRLF terminated, last line may lack one.
// Over text in memory, or over a file read in blocks so that a large file never sits in memory
// whole; a line stays valid until the next call.
class LineReader {
 public:
  explicit LineReader(std::string_view text) : view_(text) {}
  /// An open file from byte `skip` on (past a byte-order mark).
  LineReader(std::istream& file, std::size_t skip) : file_(&file), base_(skip) {
    file.clear();
    file.seekg(static_cast<std::streamoff>(skip));
  }

  bool next(std::string_view& line) {
    std::size_t nl = view_.find('\n', pos_);
    while (nl == std::string_view::npos && refill()) nl = view_.find('\n', pos_);
    if (pos_ >= view_.size()) return false;
    ++number_;
    const char* begin = view_.data() + pos_;
    std::size_t len = nl == std::string_view::npos ? view_.size() - pos_ : nl - pos_;
    pos_ += nl == std::string_view::npos ? len : len + 1;
    if (len > 0 && begin[len - 1] == '\r') --len;
    line = std::string_view(begin, len);
    return true;
  }
  long number() const { return number_; }
  std::size_t offset() const { return base_ + pos_; }  ///< bytes consumed so far

 private:
  static constexpr std::size_t kBlock = std::size_t{256} << 10;

  // Keeps the unfinished line, reads the next block behind it (a longer line grows the buffer).
  bool refill() {
    if (!file_ || !*file_) return false;
    const std::size_t rest = view_.size() - pos_;
    if (buffer_.size() < kBlock || 2 * rest > buffer_.size()) {
      std::string bigger(std::max(kBlock, 4 * rest), '\0');
      if (rest > 0) std::memcpy(bigger.data(), view_.data() + pos_, rest);  // no view yet: null
      buffer_.swap(bigger);
    } else if (rest > 0) {
      std::memmove(buffer_.data(), view_.data() + pos_, rest);
    }
    base_ += pos_;
    pos_ = 0;
    file_->read(buffer_.data() + rest, static_cast<std::streamsize>(buffer_.size() - rest));
    if (file_->bad()) throw ReadFailure{};
    const auto got = static_cast<std::size_t>(file_->gcount());
    view_ = std::string_view(buffer_.data(), rest + got);
    return got > 0;
  }

  std::istream* file_ = nullptr;
  std::string buffer_;
  std::string_view view_;
  std::size_t pos_ = 0;
  std::size_t base_ = 0;
  long number_ = 0;
};

constexpr std::uint64_t kStreamedBytes = std::uint64_t{1} << 20;  // smaller files are read whole
constexpr std::size_t kPrefixBytes = std::size_t{64} << 10;       // enough to sniff the format

/// Where a text parser reads from: content in memory, or an open regular file that every pass
/// reads again in blocks (open once: a file unlinked meanwhile still reads whole).
struct TextInput {
  std::string_view memory;
  std::istream* file = nullptr;  ///< when set: read the file, from byte `skip` on
  std::size_t skip = 0;
  std::uint64_t size = 0;        ///< bytes to parse (progress)

  LineReader lines() const { return file ? LineReader(*file, skip) : LineReader(memory); }
};

enum class FieldStatus { Ok, Unterminated, TextAfterQuote };

struct Field {
  std::string_view text;  ///< without surrounding blanks and quotes; "" escapes still doubled
  std::string_view raw;   ///< the field as written (for messages)
  bool quoted = false;
  bool escapes = false;
};

// Quote-aware splitter of one CSV/TSV line: "a, b" stays one field. Fields cannot span lines.
class FieldCursor {
 public:
  FieldCursor(std::string_view line, char delim) : line_(line), delim_(delim) {}
  bool finished() const { return finished_; }

  FieldStatus next(Field& f) {
    const std::size_t n = line_.size();
    std::size_t i = pos_;
    while (i < n && isSpace(line_[i])) ++i;
    const std::size_t start = i;
    if (i < n && line_[i] == '"') {
      std::size_t j = i + 1;
      f.escapes = false;
      for (;;) {
        const std::size_t k = line_.find('"', j);
        if (k == std::string_view::npos) {
          f.raw = line_.substr(start);
          finished_ = true;
          return FieldStatus::Unterminated;
        }
        if (k + 1 < n && line_[k + 1] == '"') {
          f.escapes = true;
          j = k + 2;
          continue;
        }
        f.text = line_.substr(i + 1, k - i - 1);
        f.quoted = true;
        i = k + 1;
        break;
      }
      while (i < n && isSpace(line_[i])) ++i;
      if (i < n && line_[i] != delim_) {
        f.raw = line_.substr(start, std::min(line_.find(delim_, i), n) - start);
        finished_ = true;
        return FieldStatus::TextAfterQuote;
      }
      f.raw = line_.substr(start, i - start);
      advance(i);
      return FieldStatus::Ok;
    }
    const std::size_t end = std::min(line_.find(delim_, i), n);
    std::size_t e = end;
    while (e > i && isSpace(line_[e - 1])) --e;
    f.text = f.raw = line_.substr(i, e - i);
    f.quoted = false;
    f.escapes = false;
    advance(end);
    return FieldStatus::Ok;
  }

  // Number of fields from the current position on (for a ragged-row message).
  long countRemaining() {
    long count = 0;
    Field f;
    while (!finished_) {
      ++count;
      if (next(f) != FieldStatus::Ok) break;
    }
    return count;
  }

 private:
  bool isSpace(char c) const { return (c == ' ' || c == '\t' || c == '\r') && c != delim_; }
  void advance(std::size_t delimPos) {
    if (delimPos < line_.size()) {
      pos_ = delimPos + 1;  // a delimiter at the very end still opens one (empty) field
    } else {
      pos_ = line_.size();
      finished_ = true;
    }
  }

  std::string_view line_;
  char delim_;
  std::size_t pos_ = 0;
  bool finished_ = false;
};

std::string unescapeQuotes(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    out += s[i];
    if (s[i] == '"' && i + 1 < s.size() && s[i + 1] == '"') ++i;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Format detection.

std::string lowerExtension(std::string_view path) {
  const std::size_t slash = path.find_last_of("/\\");
  const std::string_view name = slash == std::string_view::npos ? path : path.substr(slash + 1);
  const std::size_t dot = name.rfind('.');
  if (dot == std::string_view::npos || dot == 0) return {};
  std::string ext(name.substr(dot + 1));
  for (char& c : ext)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return ext;
}

struct Tokenizer {
  std::string_view s;
  std::size_t pos = 0;
  bool next(std::string_view& token) {
    while (pos < s.size() && isBlankChar(s[pos])) ++pos;
    if (pos >= s.size()) return false;
    const std::size_t start = pos;
    while (pos < s.size() && !isBlankChar(s[pos])) ++pos;
    token = s.substr(start, pos - start);
    return true;
  }
};

std::string_view stripComment(std::string_view line) { return line.substr(0, line.find('#')); }

bool looksLikeFeatureToken(std::string_view t) {
  const std::size_t colon = t.find(':');
  if (colon == std::string_view::npos || colon == 0) return false;
  const std::string_view idx = t.substr(0, colon);
  return idx == "qid" || std::all_of(idx.begin(), idx.end(), isDigit);
}

// -1: not LIBSVM, 1: LIBSVM ("num idx:val ..."), 0: undecided (blank, comment or target only).
int libsvmLineVerdict(std::string_view line) {
  Tokenizer tok{stripComment(line)};
  std::string_view first, second;
  if (!tok.next(first)) return 0;
  if (!isNumber(first)) return -1;
  if (!tok.next(second)) return 0;
  return looksLikeFeatureToken(second) ? 1 : -1;
}

bool looksLikeLibsvm(std::string_view text) {
  LineReader reader(text);
  std::string_view line;
  for (int seen = 0; seen < 100 && reader.next(line); ++seen) {
    const int verdict = libsvmLineVerdict(line);
    if (verdict != 0) return verdict > 0;
  }
  return false;
}

FileFormat sniffFormat(std::string_view text) {
  if (looksLikeLibsvm(text)) return FileFormat::Libsvm;
  LineReader reader(text);
  std::string_view line;
  while (reader.next(line))
    if (!isBlank(line))
      return line.find('\t') != std::string_view::npos ? FileFormat::Tsv : FileFormat::Csv;
  return FileFormat::Csv;
}

// ---------------------------------------------------------------------------------------------
// Storage: CSC is built straight from row-ordered entries (count, then scatter); rows arrive in
// order, so each column's row indices come out sorted without any sort or triplet list.
// forEachEntry re-reads the source each time, so entries that differ between its two runs (a
// file rewritten meanwhile) call `changed` instead of writing out of bounds.

template <class ForEachEntry, class Changed>
SpMat cscFromRows(Index n, Index p, Index nnz, ForEachEntry&& forEachEntry, Changed&& changed) {
  SpMat X(n, p);
  X.resizeNonZeros(nnz);
  int* outer = X.outerIndexPtr();
  std::fill(outer, outer + p + 1, 0);
  Index counted = 0;
  forEachEntry([&](Index, Index j, double) {
    ++outer[j + 1];
    ++counted;
  });
  if (counted != nnz) changed();
  std::partial_sum(outer, outer + p + 1, outer);
  std::vector<int> next(outer, outer + p);
  int* inner = X.innerIndexPtr();
  double* values = X.valuePtr();
  forEachEntry([&](Index i, Index j, double v) {
    const int k = next[static_cast<std::size_t>(j)]++;
    if (k >= outer[j + 1]) changed();
    inner[k] = static_cast<int>(i);
    values[k] = v;
  });
  for (Index j = 0; j < p; ++j)
    if (next[static_cast<std::size_t>(j)] != outer[j + 1]) changed();
  return X;
}

bool chooseSparse(StorageChoice choice, double density, double threshold) {
  switch (choice) {
    case StorageChoice::Dense:
      return false;
    case StorageChoice::Sparse:
      return true;
    case StorageChoice::Auto:
      break;
  }
  return density <= threshold;
}

// ---------------------------------------------------------------------------------------------

class Parser {
 public:
  Parser(TextInput input, const std::string& name, const LoadOptions& options,
         const LoadControl& control, std::uint64_t progressBase, std::uint64_t progressTotal)
      : input_(std::move(input)),
        name_(name),
        options_(options),
        control_(control),
        progressBase_(progressBase),
        progressTotal_(progressTotal) {}

  Dataset parseDelimited(char delim);
  Dataset parseLibsvm();

 private:
  [[noreturn]] void fail(long line, long column, std::string_view text, std::string reason) const {
    throw DataError(name_, line, column, std::string(text), std::move(reason));
  }
  void checkTargetVaries(const std::vector<double>& y, const std::string& what) const;
  template <class Build>
  FeatureStorage allocate(Build&& build, Index n, Index p) const;
  // The text is read twice: once to check it (and size the matrix), once to fill the matrix.
  enum class Pass { Check, Fill };
  // Every kTickLines lines: honour a cancel request and report progress (the check pass fills
  // the first half of the parse's share).
  void tick(const LineReader& reader, Pass pass) const {
    if (reader.number() % kTickLines != 0) return;
    if (control_.cancelled()) throw LoadCancelled();
    if (control_.progress && input_.size > 0) {
      const double done = (static_cast<double>(reader.offset()) / static_cast<double>(input_.size) +
                           (pass == Pass::Fill ? 1.0 : 0.0)) / 2.0;
      control_.progress(progressBase_ + static_cast<std::uint64_t>(
                                            done * static_cast<double>(progressTotal_ - progressBase_)),
                        progressTotal_);
    }
  }
  static constexpr long kTickLines = 4096;
  [[noreturn]] void fileChanged() const {
    fail(0, 0, {}, "the file changed while it was being read: load it again");
  }

  TextInput input_;
  const std::string& name_;
  const LoadOptions& options_;
  const LoadControl& control_;
  std::uint64_t progressBase_;
  std::uint64_t progressTotal_;
};

void Parser::checkTargetVaries(const std::vector<double>& y, const std::string& what) const {
  const auto [lo, hi] = std::minmax_element(y.begin(), y.end());
  if (*lo == *hi)
    fail(0, 0, {},
         what + " has no variance (all " + std::to_string(y.size()) + " values are " +
             formatDouble(*lo) + "); there is nothing to model");
}

// Turns an allocation failure (huge dense matrix) into a DataError instead of a crash.
template <class Build>
FeatureStorage Parser::allocate(Build&& build, Index n, Index p) const {
  try {
    return build();
  } catch (const std::bad_alloc&) {
    fail(0, 0, {},
         "not enough memory for a " + std::to_string(n) + " x " + std::to_string(p) +
             " feature matrix with the chosen storage");
  }
}

Dataset Parser::parseDelimited(char delim) {
  LineReader reader = input_.lines();
  std::string_view line;
  bool haveHeader = false;
  while (reader.next(line)) {
    if (!isBlank(line)) {
      haveHeader = true;
      break;
    }
  }
  if (!haveHeader) fail(0, 0, {}, "empty file: no header row");
  const long headerLine = reader.number();
  if (trim(line).find('\r') != std::string_view::npos)
    fail(headerLine, 0, {},
         "carriage return inside the line: CR-only (classic Mac) line endings are not supported");

  // Header: names, one per field.
  std::vector<std::string> names;
  {
    FieldCursor cursor(line, delim);
    Field f;
    while (!cursor.finished()) {
      const long column = static_cast<long>(names.size()) + 1;
      const FieldStatus status = cursor.next(f);
      if (status == FieldStatus::Unterminated)
        fail(headerLine, column, f.raw, "unterminated quoted name " + quote(f.raw));
      if (status == FieldStatus::TextAfterQuote)
        fail(headerLine, column, f.raw,
             "unexpected text after the closing quote in " + quote(f.raw));
      if (f.text.empty())
        fail(headerLine, column, {},
             "empty column name in the header (column " + std::to_string(column) + ")");
      names.push_back(f.escapes ? unescapeQuotes(f.text) : std::string(f.text));
    }
  }
  const auto ncols = static_cast<long>(names.size());
  if (ncols < 2) {
    std::string reason = "only one column " + quote(names.front()) +
                         ": need at least one feature column besides the target";
    if (libsvmLineVerdict(line) > 0)
      reason += " (this looks like a LIBSVM file: choose the LIBSVM format or a .libsvm extension)";
    else if (delim != '\t' && line.find('\t') != std::string_view::npos)
      reason += " (the header contains tabs: is this a tab-separated file?)";
    else if (delim == '\t' && line.find(',') != std::string_view::npos)
      reason += " (the header contains commas: is this a comma-separated file?)";
    fail(headerLine, 0, names.front(), std::move(reason));
  }
  if (std::all_of(names.begin(), names.end(), [](const std::string& s) { return isNumber(s); }))
    fail(headerLine, 0, line,
         "the first line " + quote(line) +
             " holds numbers, not column names: the file needs a header row");
  {
    std::unordered_map<std::string_view, long> seen;
    seen.reserve(names.size());
    for (long j = 0; j < ncols; ++j) {
      const auto [it, inserted] = seen.emplace(names[static_cast<std::size_t>(j)], j + 1);
      if (!inserted)
        fail(headerLine, j + 1, it->first,
             "duplicate column name " + quote(it->first) + " (columns " +
                 std::to_string(it->second) + " and " + std::to_string(j + 1) + ")");
    }
  }

  const auto findColumn = [&](const std::string& wanted) -> long {
    const auto it = std::find(names.begin(), names.end(), wanted);
    if (it == names.end()) {
      std::string list;
      long listed = 0;
      for (const auto& n : names) {
        if (list.size() > 160) break;
        list += (listed ? ", " : "") + quote(n, 32);
        ++listed;
      }
      if (listed < ncols) list += ", ... (" + std::to_string(ncols - listed) + " more)";
      fail(0, 0, wanted, "unknown target column " + quote(wanted) + "; available columns: " + list);
    }
    return static_cast<long>(it - names.begin());
  };
  // Target columns (several for multitask models) in the order asked; taskOf maps a column to
  // its position among the targets, −1 for feature columns.
  std::vector<long> targets;
  if (!options_.targetColumns.empty()) {
    for (const auto& wanted : options_.targetColumns) {
      const long column = findColumn(wanted);
      if (std::find(targets.begin(), targets.end(), column) != targets.end())
        fail(0, 0, wanted, "target column " + quote(wanted) + " is listed twice");
      targets.push_back(column);
    }
  } else {
    targets.push_back(options_.targetColumn.empty() ? ncols - 1 : findColumn(options_.targetColumn));
  }
  const auto tasks = static_cast<Index>(targets.size());
  if (ncols - tasks < 1)
    fail(headerLine, 0, {}, "every column is a target: need at least one feature column besides the targets");
  std::vector<long> taskOf(static_cast<std::size_t>(ncols), -1);
  for (std::size_t k = 0; k < targets.size(); ++k) taskOf[static_cast<std::size_t>(targets[k])] = static_cast<long>(k);

  // Data rows, first pass: check every cell and keep the targets; the features are only
  // counted, then read again straight into the matrix (no row-major copy of X).
  const Index p = ncols - tasks;
  std::vector<double> ys;
  Index nonZeros = 0;
  const auto columnLabel = [&](long column) {
    return std::string(taskOf[static_cast<std::size_t>(column - 1)] >= 0 ? "target column " : "column ") +
           quote(names[static_cast<std::size_t>(column - 1)], 64);
  };
  while (reader.next(line)) {
    tick(reader, Pass::Check);
    if (isBlank(line)) continue;
    const long lineNo = reader.number();
    FieldCursor cursor(line, delim);
    Field f;
    long column = 0;
    const std::size_t yBase = ys.size();
    ys.resize(yBase + static_cast<std::size_t>(tasks));
    while (!cursor.finished()) {
      if (++column > ncols) {
        const long found = ncols + cursor.countRemaining();
        fail(lineNo, 0, {},
             "ragged row: expected " + std::to_string(ncols) +
                 " fields (as in the header), found " + std::to_string(found));
      }
      const FieldStatus status = cursor.next(f);
      if (status == FieldStatus::Unterminated)
        fail(lineNo, column, f.raw,
             "unterminated quoted value " + quote(f.raw) + " in " + columnLabel(column));
      if (status == FieldStatus::TextAfterQuote)
        fail(lineNo, column, f.raw,
             "unexpected text after the closing quote in " + quote(f.raw) + " in " +
                 columnLabel(column));
      const std::string_view cell = f.quoted ? trim(f.text) : f.text;
      double v = 0.0;
      if (const NumStatus s = parseNumber(cell, v); s != NumStatus::Ok)
        fail(lineNo, column, f.raw,
             describeBadNumber(s, f.raw, "value", " in " + columnLabel(column)));
      if (const long task = taskOf[static_cast<std::size_t>(column - 1)]; task >= 0)
        ys[yBase + static_cast<std::size_t>(task)] = v;
      else
        nonZeros += v != 0.0;
    }
    if (column < ncols)
      fail(lineNo, 0, {},
           "ragged row: expected " + std::to_string(ncols) + " fields (as in the header), found " +
               std::to_string(column));
  }
  if (ys.empty())
    fail(0, 0, {},
         "no data rows: the file has only a header (line " + std::to_string(headerLine) + ")");
  const auto n = static_cast<Index>(ys.size()) / tasks;
  if (tasks == 1) {
    checkTargetVaries(ys, "target column " + quote(names[static_cast<std::size_t>(targets[0])], 64));
  } else {
    std::vector<double> column(static_cast<std::size_t>(n));
    for (Index k = 0; k < tasks; ++k) {
      for (Index i = 0; i < n; ++i) column[static_cast<std::size_t>(i)] = ys[static_cast<std::size_t>(i * tasks + k)];
      checkTargetVaries(column, "target column " + quote(names[static_cast<std::size_t>(targets[static_cast<std::size_t>(k)])], 64));
    }
  }

  // Second pass over what the first one checked: every feature cell (zeros too) as (row,
  // feature, value). A row that no longer reads as it did (targets included) means the file was
  // rewritten meanwhile.
  std::vector<Index> featureOf(static_cast<std::size_t>(ncols), -1);
  for (long j = 0, next = 0; j < ncols; ++j)
    if (taskOf[static_cast<std::size_t>(j)] < 0) featureOf[static_cast<std::size_t>(j)] = next++;
  const auto forEachCell = [&](auto&& visit) {
    LineReader rows = input_.lines();  // the fill pass: from the top again
    std::string_view row;
    Index i = 0;
    while (rows.next(row)) {
      tick(rows, Pass::Fill);
      if (rows.number() <= headerLine || isBlank(row)) continue;
      if (i >= n) fileChanged();
      FieldCursor cursor(row, delim);
      Field f;
      long column = 0;
      while (!cursor.finished()) {
        if (column >= ncols || cursor.next(f) != FieldStatus::Ok) fileChanged();
        double v = 0.0;
        if (parseNumber(f.quoted ? trim(f.text) : f.text, v) != NumStatus::Ok) fileChanged();
        const auto c = static_cast<std::size_t>(column++);
        if (featureOf[c] >= 0)
          visit(i, featureOf[c], v);
        else if (v != ys[static_cast<std::size_t>(i * tasks + taskOf[c])])
          fileChanged();
      }
      if (column != ncols) fileChanged();
      ++i;
    }
    if (i != n) fileChanged();
  };

  const double density =
      static_cast<double>(nonZeros) / (static_cast<double>(n) * static_cast<double>(p));
  const bool sparse = chooseSparse(options_.storage, density, options_.sparseDensityThreshold);
  if (sparse && (nonZeros > INT_MAX || n > INT_MAX))
    fail(0, 0, {},
         "too many values for sparse storage (" + std::to_string(nonZeros) + " non-zeros)");
  FeatureStorage X = allocate(
      [&]() -> FeatureStorage {
        if (!sparse) {
          Mat dense(n, p);
          forEachCell([&](Index i, Index j, double v) { dense(i, j) = v; });
          return dense;
        }
        return takeStorage(cscFromRows(
            n, p, nonZeros,
            [&](auto&& visit) {
              forEachCell([&](Index i, Index j, double v) {
                if (v != 0.0) visit(i, j, v);
              });
            },
            [&] { fileChanged(); }));
      },
      n, p);

  std::vector<std::string> targetNames;
  for (const long column : targets) targetNames.push_back(names[static_cast<std::size_t>(column)]);
  std::vector<std::string> featureNames;
  featureNames.reserve(static_cast<std::size_t>(p));
  for (long j = 0; j < ncols; ++j)
    if (taskOf[static_cast<std::size_t>(j)] < 0) featureNames.push_back(std::move(names[static_cast<std::size_t>(j)]));
  if (tasks == 1) {
    Vec y = Eigen::Map<const Vec>(ys.data(), n);
    return Dataset(std::move(X), std::move(y), std::move(featureNames), std::move(targetNames.front()), name_);
  }
  using RowMajor = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
  Mat Y = Eigen::Map<const RowMajor>(ys.data(), n, tasks);
  return Dataset(std::move(X), std::move(Y), std::move(featureNames), std::move(targetNames), name_);
}

Dataset Parser::parseLibsvm() {
  if (options_.targetColumns.size() > 1)
    fail(0, 0, {}, "a LIBSVM file has one target per line; several targets (multitask) need a CSV or TSV file");
  constexpr long long kMaxColumn = INT_MAX - 1;  // 0-based; p = column + 1 must fit an int
  const long long declared = options_.libsvmFeatures > 0 ? options_.libsvmFeatures : 0;
  if (declared > INT_MAX)
    fail(0, 0, {},
         "the declared number of features " + std::to_string(declared) + " exceeds 2147483647");
  const long long base = options_.zeroBasedIndices ? 0 : 1;
  const std::string tooLarge = "is too large: at most 2147483647 features are supported";

  // First pass: check every token, keep the targets, count the non-zeros; the features are read
  // again straight into the matrix (no triplet list).
  std::vector<double> ys;
  Index nnz = 0;
  long long maxColumn = -1;
  bool anyLine = false;

  LineReader reader = input_.lines();
  std::string_view line;
  while (reader.next(line)) {
    tick(reader, Pass::Check);
    Tokenizer tok{stripComment(line)};
    std::string_view token;
    if (!tok.next(token)) continue;  // blank or comment-only line
    anyLine = true;
    const long lineNo = reader.number();
    long tokenNo = 1;

    if (looksLikeFeatureToken(token))
      fail(lineNo, tokenNo, token,
           "missing target value: the line starts with the feature " + quote(token));
    double y = 0.0;
    if (const NumStatus s = parseNumber(token, y); s != NumStatus::Ok)
      fail(lineNo, tokenNo, token, describeBadNumber(s, token, "target value", ""));
    ys.push_back(y);

    long long previous = -1;
    while (tok.next(token)) {
      ++tokenNo;
      const std::size_t colon = token.find(':');
      if (colon == std::string_view::npos)
        fail(lineNo, tokenNo, token,
             "malformed feature " + quote(token) + ": expected index:value");
      const std::string_view indexText = token.substr(0, colon);
      const std::string_view valueText = token.substr(colon + 1);
      if (tokenNo == 2 && indexText == "qid") {  // SVMlight query id: irrelevant here
        if (valueText.empty() || !std::all_of(valueText.begin(), valueText.end(), isDigit))
          fail(lineNo, tokenNo, token,
               "malformed query id " + quote(token) + ": expected qid:<integer>");
        continue;
      }
      if (indexText.empty())
        fail(lineNo, tokenNo, token, "missing feature index in " + quote(token));

      long long index = 0;
      const auto res =
          std::from_chars(indexText.data(), indexText.data() + indexText.size(), index);
      if (res.ptr != indexText.data() + indexText.size() ||
          (res.ec != std::errc() && res.ec != std::errc::result_out_of_range))
        fail(lineNo, tokenNo, token,
             "malformed feature index " + quote(indexText) + " in " + quote(token));
      if (res.ec == std::errc::result_out_of_range) {
        if (indexText.front() == '-')
          fail(lineNo, tokenNo, token, "negative feature index " + quote(indexText));
        fail(lineNo, tokenNo, token, "feature index " + quote(indexText) + " " + tooLarge);
      }
      if (index < 0) fail(lineNo, tokenNo, token, "negative feature index " + quote(indexText));
      if (index < base)
        fail(lineNo, tokenNo, token,
             "feature index 0 in " + quote(token) +
                 ": indices are 1-based here (for a 0-based file use the zero-based option)");
      const long long column = index - base;
      if (column > kMaxColumn)
        fail(lineNo, tokenNo, token, "feature index " + quote(indexText) + " " + tooLarge);
      if (declared > 0 && column >= declared)
        fail(lineNo, tokenNo, token,
             "feature index " + quote(indexText) + " exceeds the declared number of features (" +
                 std::to_string(declared) + ")");
      if (column == previous)
        fail(lineNo, tokenNo, token, "repeated feature index " + quote(indexText));
      if (column < previous)
        fail(lineNo, tokenNo, token,
             "feature index " + quote(indexText) + " is not greater than the previous index " +
                 std::to_string(previous + base) + ": indices must increase within a line");
      previous = column;

      double v = 0.0;
      if (const NumStatus s = parseNumber(valueText, v); s != NumStatus::Ok) {
        if (s == NumStatus::Empty) fail(lineNo, tokenNo, token, "missing value in " + quote(token));
        fail(lineNo, tokenNo, token,
             describeBadNumber(s, valueText, "value", " for feature " + std::string(indexText)));
      }
      maxColumn = std::max(maxColumn, column);
      nnz += v != 0.0;  // explicit zeros carry no information in sparse storage
    }
  }
  if (!anyLine) fail(0, 0, {}, "empty file: no data lines");
  const Index p = declared > 0 ? declared : maxColumn + 1;
  if (p == 0) fail(0, 0, {}, "no features: no line has an index:value pair");
  checkTargetVaries(ys, "the target (first value of each line)");

  const auto n = static_cast<Index>(ys.size());
  // A largest index far beyond what the file's values could fill is almost always a corrupt or
  // mistyped index, and would cost one name (and, dense, one column) per feature: ask the user to
  // confirm it with the declared number of features instead of allocating gigabytes.
  if (declared == 0 && p > std::max<Index>(Index{1} << 20, 64 * (nnz + n)))
    fail(0, 0, {},
         "the largest feature index, " + std::to_string(p) + ", is implausibly large for a file with " +
             std::to_string(nnz) + " values; if it is right, declare the number of features " +
             "(--n-features / the loader's libsvmFeatures)");
  const double density =
      static_cast<double>(nnz) / (static_cast<double>(n) * static_cast<double>(p));
  const bool sparse = chooseSparse(options_.storage, density, options_.sparseDensityThreshold);
  if (sparse && (nnz > INT_MAX || n > INT_MAX))
    fail(0, 0, {}, "too many values for sparse storage (" + std::to_string(nnz) + " non-zeros)");
  // Names first: at 32 bytes a feature they are the largest p-sized allocation, so an absurd p
  // fails here before the column index is touched.
  std::vector<std::string> names;
  names.reserve(static_cast<std::size_t>(p));
  for (Index j = 0; j < p; ++j) names.push_back("x" + std::to_string(j + 1));
  // Second pass over what the first one checked: the non-zero entries as (row, column, value).
  // A line that no longer reads as it did means the file was rewritten meanwhile.
  const auto forEachEntry = [&](auto&& visit) {
    LineReader rows = input_.lines();  // the fill pass: from the top again
    std::string_view row;
    Index i = 0;
    while (rows.next(row)) {
      tick(rows, Pass::Fill);
      Tokenizer tok{stripComment(row)};
      std::string_view token;
      if (!tok.next(token)) continue;
      double target = 0.0;
      if (i >= n || parseNumber(token, target) != NumStatus::Ok || target != ys[static_cast<std::size_t>(i)])
        fileChanged();
      while (tok.next(token)) {
        const std::size_t colon = token.find(':');
        if (colon == std::string_view::npos) fileChanged();
        const std::string_view indexText = token.substr(0, colon);
        if (indexText == "qid") continue;
        long long index = 0;
        const auto res = std::from_chars(indexText.data(), indexText.data() + indexText.size(), index);
        double v = 0.0;
        if (res.ec != std::errc() || index - base < 0 || index - base >= p ||
            parseNumber(token.substr(colon + 1), v) != NumStatus::Ok)
          fileChanged();
        if (v != 0.0) visit(i, static_cast<Index>(index - base), v);
      }
      ++i;
    }
    if (i != n) fileChanged();
  };
  FeatureStorage X = allocate(
      [&]() -> FeatureStorage {
        if (sparse) return takeStorage(cscFromRows(n, p, nnz, forEachEntry, [&] { fileChanged(); }));
        Mat dense = Mat::Zero(n, p);
        Index filled = 0;
        forEachEntry([&](Index i, Index j, double v) {
          dense(i, j) = v;
          ++filled;
        });
        if (filled != nnz) fileChanged();
        return dense;
      },
      n, p);
  Vec y = Eigen::Map<const Vec>(ys.data(), n);
  return Dataset(std::move(X), std::move(y), std::move(names), "y", name_);
}

std::filesystem::file_status dataFileStatus(const std::string& path) {
  namespace fs = std::filesystem;
  if (path.empty()) throw DataError(path, 0, 0, {}, "no file name given");
  std::error_code ec;
  const fs::file_status st = fs::status(path, ec);
  if (st.type() == fs::file_type::not_found) throw DataError(path, 0, 0, path, "file not found");
  if (ec) throw DataError(path, 0, 0, path, "cannot access the file (" + ec.message() + ")");
  if (st.type() == fs::file_type::directory)
    throw DataError(path, 0, 0, path, "is a directory, not a data file");
  return st;
}

// Whole file in memory; progress counts the bytes read (first half of 2 × size).
std::string readWholeFile(const std::string& path, const LoadControl& control,
                          std::uint64_t& size) {
  namespace fs = std::filesystem;
  const fs::file_status st = dataFileStatus(path);
  std::error_code ec;
  errno = 0;
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    const std::string why = errno ? std::strerror(errno) : "unknown error";
    throw DataError(path, 0, 0, path, "cannot open the file (" + why + ")");
  }
  std::string content;
  size = 0;
  if (st.type() == fs::file_type::regular) {
    const auto bytes = fs::file_size(path, ec);
    if (!ec) size = bytes;
    try {
      content.resize(static_cast<std::size_t>(size));
    } catch (const std::bad_alloc&) {
      throw DataError(path, 0, 0, {}, "not enough memory to read this " + std::to_string(size) +
                                          "-byte file");
    }
    // In slices, so that a large file shows progress and can be cancelled while it is read.
    constexpr std::size_t kSlice = std::size_t{8} << 20;
    std::size_t done = 0;
    while (done < content.size() && in) {
      if (control.cancelled()) throw LoadCancelled();
      const std::size_t want = std::min(kSlice, content.size() - done);
      in.read(content.data() + done, static_cast<std::streamsize>(want));
      done += static_cast<std::size_t>(in.gcount());
      if (control.progress) control.progress(done, 2 * size);
    }
    content.resize(done);  // it shrank meanwhile: parse what was there
  }
  // Not a regular file (pipe, device) or it grew meanwhile: read on in chunks.
  char buffer[1 << 16];
  while (in) {
    in.read(buffer, sizeof buffer);
    content.append(buffer, static_cast<std::size_t>(in.gcount()));
    if (control.cancelled()) throw LoadCancelled();
  }
  if (in.bad()) throw DataError(path, 0, 0, path, "cannot read the file (I/O error)");
  size = content.size();
  return content;
}

// CSV, TSV or LIBSVM text (`format` Auto: sniffed from it). `prefix` is the beginning of the
// text (all of it when in memory) for the encoding checks and sniffing; `progressBase` bytes of
// the 2 × size progress count were done before (the file was read).
Dataset parseText(TextInput input, std::string_view prefix, FileFormat format, const std::string& displayName,
                  const LoadOptions& options, const LoadControl& control, std::uint64_t progressBase) {
  const std::uint64_t total = 2 * input.size;
  if (prefix.size() >= 2 && ((prefix[0] == '\xFF' && prefix[1] == '\xFE') ||
                             (prefix[0] == '\xFE' && prefix[1] == '\xFF')))
    throw DataError(displayName, 1, 0, {},
                    "the file is UTF-16 encoded: save it as UTF-8 (or ASCII) text");
  if (prefix.substr(0, 3) == "\xEF\xBB\xBF") {  // UTF-8 BOM
    prefix.remove_prefix(3);
    input.memory.remove_prefix(std::min<std::size_t>(3, input.memory.size()));
    input.skip += 3;
  }
  if (format == FileFormat::Auto) format = sniffFormat(prefix);

  Parser parser(std::move(input), displayName, options, control, progressBase, total);
  try {
    const Dataset data = [&] {
      switch (format) {
        case FileFormat::Tsv:
          return parser.parseDelimited('\t');
        case FileFormat::Libsvm:
          return parser.parseLibsvm();
        default:
          return parser.parseDelimited(',');
      }
    }();
    if (control.progress) control.progress(total, total);
    return data;
  } catch (const std::bad_alloc&) {
    // E.g. a LIBSVM index in the billions: p columns and names that do not fit in memory.
    throw DataError(displayName, 0, 0, {}, "not enough memory to load this data");
  } catch (const ReadFailure&) {
    throw DataError(displayName, 0, 0, displayName, "cannot read the file (I/O error)");
  }
}

}  // namespace

DataError::DataError(std::string file, long line, long column, std::string offendingText,
                     std::string what)
    : std::runtime_error(composeWhat(file, line, column, what)),
      file_(std::move(file)),
      line_(line),
      column_(column),
      text_(std::move(offendingText)),
      reason_(std::move(what)) {}

FileFormat formatFromPath(std::string_view path) {
  const std::string ext = lowerExtension(path);
  if (ext == "tsv" || ext == "tab") return FileFormat::Tsv;
  if (ext == "libsvm" || ext == "svm" || ext == "svmlight") return FileFormat::Libsvm;
  if (ext == "txt") return FileFormat::Auto;  // ambiguous: parseDataset looks at the content
  if (ext == "npy") return FileFormat::Npy;
  if (ext == "npz") return FileFormat::Npz;
  if (ext == "mat") return FileFormat::Matlab;
  return FileFormat::Csv;
}

void requireDataFile(const std::string& path) { dataFileStatus(path); }

Dataset loadDataset(const std::string& path, const LoadOptions& options,
                    const LoadControl& control) {
  const FileFormat format =
      options.format == FileFormat::Auto ? formatFromPath(path) : options.format;
  try {
    switch (format) {
      case FileFormat::Matlab:
        return loadMatDataset(path, options, control);
      case FileFormat::Npy:
        return loadNpyDataset(path, options, control);
      case FileFormat::Npz:
        return loadNpzDataset(path, options, control);
      case FileFormat::Auto:
      case FileFormat::Csv:
      case FileFormat::Tsv:
      case FileFormat::Libsvm:
        break;
    }
  } catch (const std::bad_alloc&) {
    throw DataError(path, 0, 0, {}, "not enough memory to load this data");
  }
  // A large regular file is parsed from disk, block by block, in both passes: its text never
  // sits in memory whole (it is often twice the size of the matrix it holds). Anything else is
  // read whole first (a pipe cannot be read twice).
  namespace fs = std::filesystem;
  std::error_code ec;
  const auto bytes = fs::file_size(path, ec);
  std::ifstream in;
  if (!ec && bytes >= kStreamedBytes)  // file_size fails unless it is a regular file
    in.open(path, std::ios::binary);    // when it fails, readWholeFile says why
  if (in.is_open() && in) {
    std::string prefix(kPrefixBytes, '\0');
    in.read(prefix.data(), static_cast<std::streamsize>(prefix.size()));
    prefix.resize(static_cast<std::size_t>(in.gcount()));
    if (in.bad() || prefix.empty()) throw DataError(path, 0, 0, path, "cannot read the file (I/O error)");
    TextInput input;
    input.file = &in;
    input.size = bytes;
    return parseText(std::move(input), prefix, format, path, options, control, 0);
  }
  std::uint64_t size = 0;
  const std::string content = readWholeFile(path, control, size);
  return parseText(TextInput{content, {}, 0, content.size()}, content, format, path, options, control,
                   content.size());
}

Dataset parseDataset(std::string_view content, const std::string& displayName,
                     const LoadOptions& options, const LoadControl& control) {
  FileFormat format = options.format;
  if (format == FileFormat::Auto) format = formatFromPath(displayName);
  try {
    switch (format) {  // binary formats: the bytes are not text, no BOM handling
      case FileFormat::Npy:
        return parseNpyDataset(content, displayName, options);
      case FileFormat::Npz:
        return parseNpzDataset(content, displayName, options);
      case FileFormat::Matlab:
        throw DataError(displayName, 0, 0, {},
                        "MATLAB files are read from disk only (loadDataset), not from memory");
      case FileFormat::Auto:
      case FileFormat::Csv:
      case FileFormat::Tsv:
      case FileFormat::Libsvm:
        break;
    }
  } catch (const std::bad_alloc&) {
    throw DataError(displayName, 0, 0, {}, "not enough memory to load this data");
  }
  return parseText(TextInput{content, {}, 0, content.size()}, content, format, displayName, options,
                   control, content.size());
}

namespace {

// "row 3, column 5" (1-based) of element k of a column-major n-row matrix.
std::string elementPosition(Index k, Index n) {
  return "row " + std::to_string(k % n + 1) + ", column " + std::to_string(k / n + 1);
}

[[noreturn]] void nonFinite(double v, const std::string& file, const std::string& variable,
                            const std::string& where) {
  throw DataError(file, 0, 0, formatDouble(v),
                  std::string(std::isnan(v) ? "NaN" : "infinite") + " value " + formatDouble(v) +
                      " in " + variable + " at " + where + " (1-based)");
}

}  // namespace

Dataset datasetFromArrays(FeatureStorage&& X, Vec y, std::vector<std::string> featureNames,
                          const std::string& file, const LoadOptions& options,
                          const ArrayNames& names) {
  const auto fail = [&](std::string reason) -> void {
    throw DataError(file, 0, 0, {}, std::move(reason));
  };
  const bool sparseIn = std::holds_alternative<SpMat>(X);
  const Index n = sparseIn ? std::get<SpMat>(X).rows() : std::get<Mat>(X).rows();
  const Index p = sparseIn ? std::get<SpMat>(X).cols() : std::get<Mat>(X).cols();
  const std::string shape = std::to_string(n) + " x " + std::to_string(p);
  if (n == 0) fail(names.x + " has no rows (shape " + shape + "): no samples");
  if (p == 0) fail(names.x + " has no columns (shape " + shape + "): no features");
  if (y.size() != n)
    fail(names.y + " has " + std::to_string(y.size()) + " values but " + names.x + " has " +
         std::to_string(n) + " rows (shape " + shape + ")");
  if (!featureNames.empty() && static_cast<Index>(featureNames.size()) != p)
    fail(std::to_string(featureNames.size()) + " feature names for " + std::to_string(p) +
         " columns of " + names.x);
  for (Index i = 0; i < n; ++i)
    if (!std::isfinite(y[i])) nonFinite(y[i], file, names.y, "element " + std::to_string(i + 1));
  Index nonZeros = 0;
  if (sparseIn) {
    SpMat& S = std::get<SpMat>(X);
    S.makeCompressed();
    for (Index j = 0; j < p; ++j)
      for (SpMat::InnerIterator it(S, j); it; ++it)
        if (!std::isfinite(it.value()))
          nonFinite(it.value(), file, names.x, elementPosition(j * n + it.row(), n));
    S.prune(0.0);  // explicit zeros carry no information
    nonZeros = S.nonZeros();
  } else {
    const Mat& D = std::get<Mat>(X);
    for (Index k = 0; k < D.size(); ++k)
      if (!std::isfinite(D.data()[k])) nonFinite(D.data()[k], file, names.x, elementPosition(k, n));
    nonZeros = (D.array() != 0.0).count();
  }
  {
    const auto [lo, hi] = std::minmax_element(y.data(), y.data() + y.size());
    if (*lo == *hi)
      fail(names.y + " has no variance (all " + std::to_string(y.size()) + " values are " +
           formatDouble(*lo) + "); there is nothing to model");
  }
  const double density =
      static_cast<double>(nonZeros) / (static_cast<double>(n) * static_cast<double>(p));
  const bool sparse = chooseSparse(options.storage, density, options.sparseDensityThreshold);
  try {
    if (sparse && !sparseIn) {
      if (nonZeros > INT_MAX || n > INT_MAX || p > INT_MAX)
        fail("too many values for sparse storage (" + std::to_string(nonZeros) + " non-zeros)");
      SpMat converted(std::get<Mat>(X).sparseView());
      X.emplace<SpMat>().swap(converted);  // assigning a CSC matrix would copy it
    } else if (!sparse && sparseIn) {
      X = Mat(std::get<SpMat>(X));
    }
  } catch (const std::bad_alloc&) {
    fail("not enough memory for a " + shape + " feature matrix with the chosen storage");
  }
  if (featureNames.empty()) {
    featureNames.reserve(static_cast<std::size_t>(p));
    for (Index j = 0; j < p; ++j) featureNames.push_back("x" + std::to_string(j + 1));
  }
  return Dataset(std::move(X), std::move(y), std::move(featureNames),
                 names.target.empty() ? names.y : names.target, file);
}

}  // namespace lambdascope
