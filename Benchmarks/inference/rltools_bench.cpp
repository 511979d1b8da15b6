// Times RLtools' exported policy (checkpoint.h from rltools_export.py, built against RLtools' include
// tree) for one observation: median ns per call over 7 runs of 1e6 calls, as bench.c does.
#include <rl_tools/operations/cpu_mux.h>

#include "checkpoint.h"

#include <rl_tools/nn/operations_generic.h>
#include <rl_tools/nn/layers/dense/operations_generic.h>
#include <rl_tools/nn/layers/td3_sampling/operations_generic.h>
#include <rl_tools/nn/layers/standardize/operations_generic.h>
#include <rl_tools/nn/layers/sample_and_squash/operations_generic.h>
#include <rl_tools/nn_models/mlp_unconditional_stddev/operations_generic.h>
#include <rl_tools/nn_models/mlp/operations_generic.h>
#include <rl_tools/nn_models/sequential/operations_generic.h>

#include <algorithm>
#include <chrono>
#include <cstdio>

namespace rlt = rl_tools;

using DEVICE = rlt::devices::DEVICE_FACTORY<>;
using RNG = DEVICE::SPEC::RANDOM::ENGINE<>;
using MODEL_TYPE = decltype(policy::module);
using T = typename MODEL_TYPE::TYPE_POLICY::DEFAULT;
using TI = typename DEVICE::index_t;

int main() {
    DEVICE device;
    RNG rng;
    typename MODEL_TYPE::template Buffer<1> buffer;
    rlt::init(device, rng, 0x1337);
    rlt::malloc(device, buffer);
    rlt::Tensor<rlt::tensor::Specification<T, TI, MODEL_TYPE::INPUT_SHAPE, false>> input;
    rlt::Tensor<rlt::tensor::Specification<T, TI, MODEL_TYPE::OUTPUT_SHAPE, false>> output;
    rlt::set(device, input, T(0.3), 0, 0, 0);
    rlt::set(device, input, T(-0.2), 0, 0, 1);
    rlt::set(device, input, T(0.5), 0, 0, 2);
    rlt::Mode<rlt::mode::Evaluation<>> mode;
    constexpr int runs = 7, calls = 1000000;
    double times[runs];
    volatile T sink = 0;
    for (int run = 0; run < runs; ++run) {
        auto start = std::chrono::steady_clock::now();
        for (int call = 0; call < calls; ++call) {
            rlt::set(device, input, T(call & 1023) * T(1e-3), 0, 0, 0);
            rlt::evaluate(device, policy::module, input, output, buffer, rng, mode);
            sink = sink + rlt::get(device, output, 0, 0, 0);
        }
        times[run] = std::chrono::duration<double, std::nano>(std::chrono::steady_clock::now() - start).count() / calls;
    }
    std::sort(times, times + runs);
    std::printf("%.1f\n", times[runs / 2]);
}
