#pragma once
/// A vector that costs one pointer while it is empty, for the lists most events leave empty
/// (exceptions, extra times, alarms): a std::vector is 24 bytes in every event, and the events
/// are most of the daemon's memory (at 10,000 events, 520 bytes each with plain vectors).
///
/// It keeps the part of std::vector's interface the schedule's readers and walkers use, with
/// plain pointers as iterators so that reading an empty one never allocates. The elements live
/// in a std::vector of their own, made by the first insertion.

#include <algorithm>
#include <cstddef>
#include <memory>
#include <stdexcept>
#include <utility>
#include <vector>

namespace agendad::core {

template <typename T>
class LeanVector {
  public:
    using value_type = T;
    using iterator = T*;
    using const_iterator = const T*;
    using size_type = std::size_t;

    LeanVector() = default;
    LeanVector(std::vector<T> items) { *this = std::move(items); } // NOLINT: like a vector
    LeanVector(const LeanVector& other) { *this = other; }
    LeanVector(LeanVector&&) noexcept = default;
    LeanVector& operator=(const LeanVector& other) {
        if (this != &other)
            items_ = other.empty() ? nullptr : std::make_unique<std::vector<T>>(*other.items_);
        return *this;
    }
    LeanVector& operator=(LeanVector&&) noexcept = default;
    LeanVector& operator=(std::vector<T> items) {
        items_ = items.empty() ? nullptr : std::make_unique<std::vector<T>>(std::move(items));
        return *this;
    }

    size_type size() const { return items_ ? items_->size() : 0; }
    bool empty() const { return size() == 0; }
    iterator begin() { return items_ ? items_->data() : nullptr; }
    iterator end() { return begin() + size(); }
    const_iterator begin() const { return items_ ? items_->data() : nullptr; }
    const_iterator end() const { return begin() + size(); }
    T& operator[](size_type i) { return (*items_)[i]; }
    const T& operator[](size_type i) const { return (*items_)[i]; }
    const T& at(size_type i) const {
        if (i >= size())
            throw std::out_of_range{"LeanVector::at"};
        return (*items_)[i];
    }
    T& front() { return (*items_).front(); }
    const T& front() const { return (*items_).front(); }
    T& back() { return (*items_).back(); }
    const T& back() const { return (*items_).back(); }

    void push_back(const T& item) { made().push_back(item); }
    void push_back(T&& item) { made().push_back(std::move(item)); }
    template <typename... Args>
    T& emplace_back(Args&&... args) {
        return made().emplace_back(std::forward<Args>(args)...);
    }
    void reserve(size_type n) {
        if (n > 0)
            made().reserve(n);
    }
    /// Erases [first, last); returns where the elements after them now are.
    iterator erase(const_iterator first, const_iterator last) {
        if (first == last)
            return begin() + (first - begin());
        const auto from = first - begin();
        items_->erase(items_->begin() + from, items_->begin() + (last - begin()));
        return begin() + from;
    }
    void clear() { items_.reset(); }

    friend bool operator==(const LeanVector& a, const LeanVector& b) {
        return std::equal(a.begin(), a.end(), b.begin(), b.end());
    }
    friend bool operator==(const LeanVector& a, const std::vector<T>& b) {
        return std::equal(a.begin(), a.end(), b.begin(), b.end());
    }

  private:
    std::vector<T>& made() {
        if (!items_)
            items_ = std::make_unique<std::vector<T>>();
        return *items_;
    }
    std::unique_ptr<std::vector<T>> items_;
};

} // namespace agendad::core
