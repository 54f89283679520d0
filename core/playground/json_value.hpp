#pragma once
// A small JSON reader for preset files (core has only a writer, and presets must load in the
// Qt-free CLI). Errors name the line and column.

#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace lambdascope::playground {

class JsonValue {
 public:
  enum class Type { Null, Bool, Number, String, Array, Object };

  Type type() const { return type_; }
  bool isNull() const { return type_ == Type::Null; }
  bool isNumber() const { return type_ == Type::Number; }
  bool isString() const { return type_ == Type::String; }
  bool isArray() const { return type_ == Type::Array; }
  bool isObject() const { return type_ == Type::Object; }
  bool isBool() const { return type_ == Type::Bool; }

  double number() const { return number_; }
  bool boolean() const { return bool_; }
  const std::string& string() const { return string_; }
  const std::vector<JsonValue>& array() const { return array_; }
  /// Object members in file order (keys are unique: duplicates are a parse error).
  const std::vector<std::pair<std::string, JsonValue>>& members() const { return members_; }
  /// nullptr when absent (or not an object).
  const JsonValue* find(std::string_view key) const;

  static JsonValue makeNull() { return JsonValue(); }

 private:
  friend class JsonParser;
  Type type_ = Type::Null;
  double number_ = 0.0;
  bool bool_ = false;
  std::string string_;
  std::vector<JsonValue> array_;
  std::vector<std::pair<std::string, JsonValue>> members_;
};

class JsonParseError : public std::runtime_error {
 public:
  JsonParseError(long line, long column, const std::string& what)
      : std::runtime_error("line " + std::to_string(line) + ", column " + std::to_string(column) + ": " + what),
        line_(line),
        column_(column) {}
  long line() const { return line_; }
  long column() const { return column_; }

 private:
  long line_, column_;
};

/// Parse a whole document (RFC 8259; nesting depth ≤ 64). Throws JsonParseError.
JsonValue parseJson(std::string_view text);

}  // namespace lambdascope::playground
