#pragma once
/// The schedule file's text while it is read. Internal to read/.

#include <algorithm>
#include <cstddef>
#include <string_view>
#include <sys/mman.h>

namespace agendad::core {

/// The file's text in pages of its own (an anonymous mapping), so that giving it back after a
/// read's first pass shrinks the process for sure: freed heap memory is often kept by malloc,
/// and would then add to the peak of the second pass.
class TextBuffer {
  public:
    explicit TextBuffer(std::size_t capacity) {
        if (capacity == 0)
            return;
        void* pages = ::mmap(nullptr, capacity, PROT_READ | PROT_WRITE,
                             MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
        if (pages != MAP_FAILED) {
            data_ = static_cast<char*>(pages);
            capacity_ = capacity;
        }
    }
    ~TextBuffer() { release(); }
    TextBuffer(const TextBuffer&) = delete;
    TextBuffer& operator=(const TextBuffer&) = delete;

    bool usable() const { return data_ != nullptr || capacity_ == 0; }
    char* data() { return data_; }
    void resize(std::size_t size) { size_ = std::min(size, capacity_); }
    std::string_view view() const { return {data_, size_}; }
    void release() {
        if (data_ != nullptr)
            ::munmap(data_, capacity_);
        data_ = nullptr;
        size_ = 0;
    }

  private:
    char* data_ = nullptr;
    std::size_t capacity_ = 0;
    std::size_t size_ = 0;
};

} // namespace agendad::core
