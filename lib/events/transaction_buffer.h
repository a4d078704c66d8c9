#pragma once
// The lines of the open transaction, held back until it commits (a rollback drops them). Large
// transactions spill to an unlinked temporary file so memory stays bounded.
#include "events/output.h"

#include <cstdint>
#include <cstdio>
#include <string>

namespace cdc::events {

class TransactionBuffer {
public:
    explicit TransactionBuffer(size_t memory_limit = size_t(4) << 20);
    ~TransactionBuffer();
    TransactionBuffer(TransactionBuffer&& other) noexcept;
    TransactionBuffer& operator=(TransactionBuffer&& other) noexcept;

    // Append whole lines here, then call written().
    std::string& text() { return memory_; }
    void written();
    // Spills what memory holds if it is `bytes` or more: for a buffer kept aside for long.
    void keep_in_memory_below(size_t bytes);

    uint64_t size() const { return spilled_ + memory_.size(); }
    void truncate(uint64_t size); // back to an earlier size() (ROLLBACK TO SAVEPOINT)
    void commit(Output& out);     // writes everything, then empties
    void clear();

private:
    void spill();

    size_t limit_;
    std::string memory_;
    std::FILE* spill_ = nullptr;
    uint64_t spilled_ = 0;
};

} // namespace cdc::events
