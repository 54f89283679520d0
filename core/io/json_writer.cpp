#include "core/io/json_writer.hpp"

#include <charconv>
#include <cmath>
#include <cstdio>

namespace lambdascope {

std::string JsonWriter::escape(std::string_view s) {
  std::string out;
  out.reserve(s.size() + 2);
  out += '"';
  for (const char c : s) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned>(static_cast<unsigned char>(c)));
          out += buf;
        } else {
          out += c;
        }
    }
  }
  out += '"';
  return out;
}

std::string JsonWriter::number(double v) {
  if (!std::isfinite(v)) return "null";
  char buf[32];
  const auto res = std::to_chars(buf, buf + sizeof buf, v);
  return std::string(buf, res.ptr);
}

void JsonWriter::newline() {
  if (indent_ <= 0) return;
  out_ << '\n' << std::string(static_cast<std::size_t>(indent_) * stack_.size(), ' ');
}

void JsonWriter::beforeValue() {
  if (afterKey_) {
    afterKey_ = false;
    return;
  }
  if (stack_.empty()) return;
  Level& top = stack_.back();
  if (!top.empty) out_ << (top.compact ? ", " : ",");
  if (!top.compact) newline();
  top.empty = false;
}

JsonWriter& JsonWriter::beginObject() {
  beforeValue();
  out_ << '{';
  stack_.push_back({true, false});
  return *this;
}

JsonWriter& JsonWriter::endObject() {
  const bool empty = stack_.back().empty;
  stack_.pop_back();
  if (!empty) newline();
  out_ << '}';
  if (stack_.empty() && indent_ > 0) out_ << '\n';
  return *this;
}

JsonWriter& JsonWriter::beginArray() { return beginArray(false); }

JsonWriter& JsonWriter::beginArray(bool compact) {
  beforeValue();
  out_ << '[';
  stack_.push_back({false, compact});
  return *this;
}

JsonWriter& JsonWriter::endArray() {
  const Level top = stack_.back();
  stack_.pop_back();
  if (!top.empty && !top.compact) newline();
  out_ << ']';
  return *this;
}

JsonWriter& JsonWriter::key(std::string_view k) {
  Level& top = stack_.back();
  if (!top.empty) out_ << ',';
  newline();
  top.empty = false;
  out_ << escape(k) << (indent_ > 0 ? ": " : ":");
  afterKey_ = true;
  return *this;
}

JsonWriter& JsonWriter::value(double v) {
  beforeValue();
  out_ << number(v);
  return *this;
}

JsonWriter& JsonWriter::value(long long v) {
  beforeValue();
  out_ << v;
  return *this;
}

JsonWriter& JsonWriter::value(bool v) {
  beforeValue();
  out_ << (v ? "true" : "false");
  return *this;
}

JsonWriter& JsonWriter::value(std::string_view v) {
  beforeValue();
  out_ << escape(v);
  return *this;
}

JsonWriter& JsonWriter::null() {
  beforeValue();
  out_ << "null";
  return *this;
}

}  // namespace lambdascope
