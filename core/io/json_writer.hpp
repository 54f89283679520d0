#pragma once
// A small streaming JSON writer (no Qt in core). Doubles are written as the shortest text that
// round-trips; NaN and infinities, which JSON lacks, become null.

#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace lambdascope {

class JsonWriter {
 public:
  explicit JsonWriter(std::ostream& out, int indent = 2) : out_(out), indent_(indent) {}

  JsonWriter& beginObject();
  JsonWriter& endObject();
  JsonWriter& beginArray();
  JsonWriter& endArray();
  JsonWriter& key(std::string_view k);

  JsonWriter& value(double v);
  JsonWriter& value(long long v);
  JsonWriter& value(int v) { return value(static_cast<long long>(v)); }
  JsonWriter& value(long v) { return value(static_cast<long long>(v)); }
  JsonWriter& value(bool v);
  JsonWriter& value(std::string_view v);
  JsonWriter& value(const char* v) { return value(std::string_view(v)); }
  JsonWriter& null();

  template <typename T>
  JsonWriter& array(const std::vector<T>& values) {
    beginArray(true);
    for (const auto& v : values) value(v);
    return endArray();
  }

  static std::string escape(std::string_view s);
  static std::string number(double v);

 private:
  JsonWriter& beginArray(bool compact);
  void beforeValue();
  void newline();

  struct Level {
    bool isObject;
    bool compact;
    bool empty = true;
  };
  std::ostream& out_;
  int indent_;
  std::vector<Level> stack_;
  bool afterKey_ = false;
};

}  // namespace lambdascope
