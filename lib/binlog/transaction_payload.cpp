#include "binlog/transaction_payload.h"

#include <algorithm>
#include <memory>
#include <zstd.h>

namespace cdc::binlog {
namespace {
enum Field : uint64_t { header_end = 0, payload_size = 1, compression = 2, uncompressed_size = 3 };
enum Compression : uint64_t { zstd = 0, none = 255 };
// A transaction never exceeds 4 GiB in MySQL's binlog cache; larger claims are damage.
constexpr uint64_t max_uncompressed = uint64_t(1) << 32;
} // namespace

std::vector<uint8_t> uncompress_transaction_payload(const Event& e) {
    ByteCursor c = e.body;
    uint64_t size = 0, algorithm = none, uncompressed = 0;
    bool have_size = false;
    for (;;) {
        uint64_t field = c.lenenc();
        if (field == header_end) break;
        ByteCursor value = c.sub(c.checked_size(c.lenenc()));
        switch (field) {
        case payload_size:
            size = value.lenenc();
            have_size = true;
            break;
        case compression: algorithm = value.lenenc(); break;
        case uncompressed_size: uncompressed = value.lenenc(); break;
        default: break; // a field of a newer server, skipped by its length
        }
    }
    if (!have_size) c.fail("transaction payload without its size");
    ByteCursor payload = c.sub(c.checked_size(size));
    std::string_view bytes = payload.rest();
    if (algorithm == none) return std::vector<uint8_t>(bytes.begin(), bytes.end());
    if (algorithm != zstd) c.fail("transaction payload compressed with unknown algorithm " + std::to_string(algorithm));
    // Streamed, so memory follows the real output rather than a size the event claims.
    std::unique_ptr<ZSTD_DCtx, size_t (*)(ZSTD_DCtx*)> dctx(ZSTD_createDCtx(), ZSTD_freeDCtx);
    std::vector<uint8_t> out;
    out.resize(std::min<uint64_t>(std::max<uint64_t>(uncompressed, 4096), uint64_t(1) << 16));
    ZSTD_inBuffer in{bytes.data(), bytes.size(), 0};
    size_t written = 0;
    for (;;) {
        ZSTD_outBuffer o{out.data() + written, out.size() - written, 0};
        size_t r = ZSTD_decompressStream(dctx.get(), &o, &in);
        written += o.pos;
        if (ZSTD_isError(r))
            throw DecodeError(std::string("transaction payload does not decompress: ") + ZSTD_getErrorName(r),
                              e.body.offset());
        if (r == 0) break; // frame complete
        if (in.pos == in.size && o.pos < o.size) c.fail("transaction payload ends inside its compressed frame");
        if (uncompressed && written > uncompressed) // damage, or a bomb: not past what the event says
            c.fail("transaction payload uncompresses beyond the " + std::to_string(uncompressed) +
                   " bytes it declares");
        if (written == out.size()) {
            if (out.size() >= max_uncompressed) c.fail("transaction payload uncompresses beyond 4 GiB");
            out.resize(out.size() * 2);
        }
    }
    out.resize(written);
    return out;
}

} // namespace cdc::binlog
