/*
 * SwiftRL's C interface: training sessions, environments driven through callbacks, and deployable
 * policies, over opaque handles, raw pointers with explicit counts, and status codes.
 *
 * Every function that can fail returns a status (SWIFTRL_OK or one of the error codes below); the
 * message of the calling thread's latest failure is swiftrl_last_error(). No input, however wrong
 * (a null pointer, a count that does not fit, a damaged file), stops the process: each is a status.
 * Strings returned through `char **` are allocated by SwiftRL and released with swiftrl_free_string().
 *
 * A handle may be used from any thread, but not from two threads at once.
 */
#ifndef SWIFTRL_H
#define SWIFTRL_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Status codes. */
#define SWIFTRL_OK 0
#define SWIFTRL_ERROR_ARGUMENT 1       /* a null pointer, a wrong count, a string that is not UTF-8 */
#define SWIFTRL_ERROR_CONFIGURATION 2  /* an unknown key, a value of the wrong type or out of range */
#define SWIFTRL_ERROR_ENVIRONMENT 3    /* an unknown environment, spaces that do not fit */
#define SWIFTRL_ERROR_TRAINING 4       /* a NaN from the environment, a non-finite loss */
#define SWIFTRL_ERROR_CHECKPOINT 5     /* a missing, truncated, edited or mismatched checkpoint */
#define SWIFTRL_ERROR_POLICY 6         /* an unreadable or inconsistent policy file */
#define SWIFTRL_ERROR_CALLBACK 7       /* an environment callback reported a failure */
#define SWIFTRL_ERROR_STATE 8          /* the session failed earlier and cannot go on */
#define SWIFTRL_ERROR_IO 9             /* a file that cannot be written */

/* Swift implements the functions below (SwiftRLCAPI) and imports this header for its types only. */
#ifndef __swift__

/* The message of this thread's latest failure ("" if none); valid until this thread's next call. */
const char *swiftrl_last_error(void);
/* Releases a string (or bytes) SwiftRL returned. */
void swiftrl_free_string(char *string);
/* SwiftRL's version, such as "0.9.0" (static storage). */
const char *swiftrl_version(void);
/* The numeric kernels in use: "avx512", "avx2" or "portable" (static storage). */
const char *swiftrl_kernel_variant(void);
/* The built-in environments as JSON: [{"name", "observation_low", "observation_high", "action", ...}]. */
int32_t swiftrl_environments_json(char **json);
/* `algorithm`'s configuration ("sac", "td3" or "ppo") with the keys of `configuration_json` laid
   over its defaults, checked, as JSON with every key (as swiftrl_session_create resolves it). */
int32_t swiftrl_configuration_json(const char *algorithm, const char *configuration_json, char **json);

#endif /* __swift__ */

/*
 * Environments of your own, stepped through two callbacks over buffers you own.
 *
 * `count` environments of one kind: observations of `observation_dimension` floats within
 * [observation_low, observation_high] (infinite bounds allowed); actions either a Box of
 * `action_dimension` floats within [action_low, action_high], or, when `discrete_actions` > 0,
 * Discrete(discrete_actions): one float holding the index.
 *
 * reset(context, seeded, seed): resets every environment (environment i with seed + i when seeded),
 *   writing `observations` (count x observation_dimension).
 * step(context, autoreset): steps environment i with row i of `actions` (count x action dimension),
 *   writing `observations`, `rewards`, `terminated` and `truncated`. With autoreset != 0, an
 *   environment whose episode ends is reset in the same call: `observations` gets its first
 *   observation and `final_observations` its last (Gymnasium's SAME_STEP mode). With autoreset == 0
 *   (one environment, SAC and TD3) nothing is reset and final_observations is not used.
 * Both return 0, or non-zero for a failure, which ends the call into SwiftRL with
 * SWIFTRL_ERROR_CALLBACK. Callbacks run on the thread that called into SwiftRL, or on one of
 * SwiftRL's threads while that call lasts; never on two threads at once for one environment.
 */
typedef struct swiftrl_environment {
    const char *name;
    int32_t count;
    int32_t observation_dimension;
    const float *observation_low;
    const float *observation_high;
    int32_t action_dimension;
    int32_t discrete_actions;
    const float *action_low;
    const float *action_high;
    float *observations;
    float *actions;
    double *rewards;
    uint8_t *terminated;
    uint8_t *truncated;
    float *final_observations;
    void *context;
    int32_t (*reset)(void *context, int32_t seeded, uint64_t seed);
    int32_t (*step)(void *context, int32_t autoreset);
} swiftrl_environment;

/* A training session: one run of SAC, TD3 or PPO. */
typedef struct swiftrl_session swiftrl_session;
/* A deployable policy: a C header exported by SwiftRL, or a checkpoint directory. */
typedef struct swiftrl_policy swiftrl_policy;
/* A rollout worker's copy of a trainer's SAC, TD3 or PPO actor (swiftrl.distributed.RolloutWorker). */
typedef struct swiftrl_actor swiftrl_actor;

#ifndef __swift__

/*
 * Creates a session of `algorithm` ("sac", "td3" or "ppo") with the configuration keys of
 * `configuration_json` (a JSON object of the CLI's keys, nested or dotted: {"steps": 20000,
 * "actor": {"hidden_sizes": [128, 128]}} or {"actor.hidden_sizes": [128, 128]}; "{}" or NULL for
 * the defaults), on the built-in environment `environment_name`, or (environment_name NULL) on
 * `training` (count 1 for SAC and TD3, the configuration's num_envs for PPO) with `evaluation`
 * (count 1) for evaluations and examples. `threads` 0 uses one per core.
 */
int32_t swiftrl_session_create(const char *algorithm, const char *configuration_json,
                               const char *environment_name, const swiftrl_environment *training,
                               const swiftrl_environment *evaluation, uint64_t seed, int32_t threads,
                               swiftrl_session **session);
/* Releases a session (NULL is ignored). */
void swiftrl_session_free(swiftrl_session *session);
/* The resolved configuration as JSON (every key, defaults included). */
int32_t swiftrl_session_configuration_json(swiftrl_session *session, char **json);
/* One unit of work (SAC/TD3: one environment step and its update; PPO: one rollout and its update);
   *finished is set to 1 once the step budget is spent. */
int32_t swiftrl_session_step(swiftrl_session *session, int32_t *finished);
/* Watches `conditions_json` (a JSON list of stop conditions as in the YAML configuration, such as
   [{"kind": "plateaus", "metric": "returns/mean", "relative_tolerance": 0.05, "patience": 5}]) from
   now on, replacing earlier ones; "[]" watches none. The wall clock starts now. */
int32_t swiftrl_session_set_stop_conditions(swiftrl_session *session, const char *conditions_json);
/* Runs at most `max_units` units (0: no limit) until the step budget is spent or a stop condition
   holds. *finished is 1 then; *stopped_by gets the condition met as text (or NULL). */
int32_t swiftrl_session_run(swiftrl_session *session, int64_t max_units, int32_t *finished, char **stopped_by);
/* The session's progress as JSON: steps, total_steps, episodes, latest_episode (return, length),
   metric_names, metrics, evaluation (the latest periodic one), dimensions, and updates (SAC and TD3;
   null for PPO). */
int32_t swiftrl_session_status_json(swiftrl_session *session, char **json);
/* The deterministic action for `observation` (observation_count floats) into `action`
   (action_capacity floats; *action_count gets the count written). */
int32_t swiftrl_session_action(swiftrl_session *session, const float *observation, int64_t observation_count,
                               float *action, int64_t action_capacity, int64_t *action_count);
/* Evaluates the deterministic policy over `episodes` episodes, episode i reset with seed + i. */
int32_t swiftrl_session_evaluate(swiftrl_session *session, int32_t episodes, uint64_t seed,
                                 double *return_mean, double *return_std);
/* The policy as a self-contained C99 header whose functions are prefixed `name`. */
int32_t swiftrl_session_export_header(swiftrl_session *session, const char *name, char **header);
/* Writes a checkpoint directory at `path` (which must not exist, in a directory that does) from which
   swiftrl_session_restore continues bit for bit; atomic: a crash leaves no directory or a complete
   one. A session on your own environments saves their state too: `environment_state` is what you
   need to put them back as they are (the Python package pickles them), kept as
   environment-state.bin and sealed with the rest; a session on a built-in environment takes NULL, 0. */
int32_t swiftrl_session_save(swiftrl_session *session, const char *path, const uint8_t *environment_state,
                             int64_t environment_state_count);
/* The algorithm, configuration JSON, environment name and seed a saved checkpoint was made with,
   as JSON, after checking its seal: the arguments swiftrl_session_create needs to rebuild it. */
int32_t swiftrl_checkpoint_info_json(const char *path, char **json);
/* The environment state saved with a session on your own environments, after checking the seal
   (*data NULL and *count 0 for a built-in environment); release *data with swiftrl_free_string. */
int32_t swiftrl_checkpoint_environment_state(const char *path, uint8_t **data, int64_t *count);
/* Continues `session` (made from the checkpoint's own arguments, its own environments put back as
   they were saved) from the checkpoint at `path`; the session is left as it was on failure. */
int32_t swiftrl_session_restore(swiftrl_session *session, const char *path);

/*
 * Learning from transitions collected elsewhere (SAC and TD3; swiftrl.distributed.Trainer): the
 * session learns from the transitions it is given instead of stepping its training environment,
 * which then serves evaluations and examples only. Steps, warm-up, evaluation and checkpoint
 * intervals count the transitions given.
 */
/* Learns from one transition: the observation acted on, the action in the policy's [-1, 1] units
   (action_count floats), the reward, the next observation (the final one at an episode's end) and
   whether the episode terminated. *finished is set to 1 once the step budget is spent. A transition
   of other lengths, with a value that is not finite or an action outside [-1, 1] is refused with
   SWIFTRL_ERROR_TRAINING and learning can go on. */
int32_t swiftrl_session_learn(swiftrl_session *session, const float *observation, int64_t observation_count,
                              const float *action, int64_t action_count, float reward, const float *next_observation,
                              int32_t terminated, int32_t *finished);
/* Counts an episode a collector finished (its return and length) in the session's episode figures. */
int32_t swiftrl_session_record_episode(swiftrl_session *session, double episode_return, int64_t length);
/* PPO: learns one update from rollouts collected elsewhere (rollout workers' packets): `columns`
   (the configuration's num_envs) rollouts of `steps` (its steps_per_env) transitions each, column
   after column, row-major: observations and next_observations [columns][steps][observation_dimension],
   actions [columns][steps][action_dimension] (the distribution's samples: an index for discrete
   actions), log_probabilities, rewards, terminated and truncated (0 or 1) [columns][steps], and the
   `episode_count` episodes that ended in them (episode_returns, episode_lengths; NULL when 0). A
   column's episode ends where its flags say; GAE bootstraps from a truncated step's next observation
   and from each column's last one. Checked (sizes, finite values, actions the distribution can
   produce): a refused rollout leaves the session as it was. *finished 1 once the budget is spent. */
int32_t swiftrl_session_learn_rollout(swiftrl_session *session, int64_t columns, int64_t steps,
                                      const float *observations, int64_t observation_dimension, const float *actions,
                                      int64_t action_dimension, const float *log_probabilities, const float *rewards,
                                      const uint8_t *terminated, const uint8_t *truncated,
                                      const float *next_observations, const double *episode_returns,
                                      const int64_t *episode_lengths, int64_t episode_count, int32_t *finished);
/* The actor collectors act with as a safetensors file (`*count` bytes, PyTorch's names and layout,
   `version` in its metadata; for PPO also `log_std` and the observation normalization; release
   *bytes with swiftrl_free_string), which swiftrl_actor_load reads. The updates applied so far are
   the status JSON's "updates". */
int32_t swiftrl_session_actor_weights(swiftrl_session *session, uint64_t version, uint8_t **bytes, int64_t *count);

/* Loads a policy from an exported header, or a checkpoint directory. */
int32_t swiftrl_policy_load(const char *path, swiftrl_policy **policy);
/* A session's current policy. */
int32_t swiftrl_session_policy(swiftrl_session *session, swiftrl_policy **policy);
void swiftrl_policy_free(swiftrl_policy *policy);
/* Dimensions: observation floats, action floats (1 for a discrete policy: the index), and the
   recurrent state's floats (0 for a policy without memory). */
int32_t swiftrl_policy_dimensions(swiftrl_policy *policy, int64_t *observation_dimension,
                                  int64_t *action_dimension, int64_t *state_dimension);
/* The policy's description as JSON: algorithm, environment, seed, steps, discrete, recurrent. */
int32_t swiftrl_policy_info_json(swiftrl_policy *policy, char **json);
/* The action for one observation. A recurrent policy reads and updates `state`
   (state_count floats; zeros start an episode); others ignore it (NULL, 0). */
int32_t swiftrl_policy_evaluate(swiftrl_policy *policy, const float *observation, int64_t observation_count,
                                float *state, int64_t state_count, float *action, int64_t action_count);

/* The policy as a self-contained C99 header whose functions are prefixed `name` (its example
   actions for four fixed observations in [-1, 1]). */
int32_t swiftrl_policy_export_header(swiftrl_policy *policy, const char *name, char **header);

/*
 * A rollout worker's SAC or TD3 actor: an agent of `algorithm` ("sac" or "td3") with the configuration keys of
 * `configuration_json` (as swiftrl_session_create takes them; the relay sends the trainer's), for
 * observations of `observation_dimension` floats and actions of `action_dimension`, its exploration
 * seeded by `seed`. It acts with the weights loaded last: with version 0 (the trainer's initial
 * policy) uniformly at random, after that as the algorithm explores (SAC samples its policy, TD3
 * adds its noise). The Swift worker (`swiftrl worker`) acts through the same code.
 */
int32_t swiftrl_actor_create(const char *algorithm, const char *configuration_json, int64_t observation_dimension,
                             int64_t action_dimension, uint64_t seed, swiftrl_actor **actor);
/* Releases an actor (NULL is ignored). */
void swiftrl_actor_free(swiftrl_actor *actor);
/* Loads a version of the actor's parameters: a safetensors file (`count` bytes, at most 64 MiB) in
   PyTorch's names and layout (`actor.0.weight` [out, in], `actor.0.bias`, ...), as the relay's
   Weights message carries it. Checked (shapes, finite values); the actor is unchanged on failure. */
int32_t swiftrl_actor_load(swiftrl_actor *actor, uint64_t version, const uint8_t *safetensors, int64_t count);
/* Whether weights were loaded (*loaded 1 or 0) and the version loaded last. */
int32_t swiftrl_actor_version(swiftrl_actor *actor, int32_t *loaded, uint64_t *version);
/* The action to explore with for `observation`, in the policy's [-1, 1] units (action_count floats). */
int32_t swiftrl_actor_explore(swiftrl_actor *actor, const float *observation, int64_t observation_count,
                              float *action, int64_t action_count);
/* Ends an episode, for exploration that carries state across steps (TD3's Ornstein-Uhlenbeck noise). */
int32_t swiftrl_actor_episode_end(swiftrl_actor *actor);
/* The loaded actor as a deterministic policy acting in [action_low, action_high] (action_count
   floats each; a PPO actor acts in the action space it was created for: NULL, NULL and 0),
   described as trained for `environment` with `seed`. */
int32_t swiftrl_actor_policy(swiftrl_actor *actor, const float *action_low, const float *action_high,
                             int64_t action_count, const char *environment, uint64_t seed, swiftrl_policy **policy);

/*
 * A rollout worker's actor for a trainer's feed-forward PPO policy, with the configuration keys of
 * `configuration_json` (the trainer's, as the relay sends them), for observations of
 * `observation_dimension` floats and either `discrete_actions` > 0 discrete actions (action_low and
 * action_high NULL, action_dimension 1) or, with discrete_actions 0, a box of `action_dimension`
 * floats in [action_low, action_high]. It samples the configured distribution with the weights
 * loaded last (swiftrl_actor_load reads the trainer's PPO weights: actor, log_std, observation
 * normalization), drawing from its own random stream seeded by `seed`.
 */
int32_t swiftrl_actor_create_ppo(const char *configuration_json, int64_t observation_dimension, int64_t discrete_actions,
                                 const float *action_low, const float *action_high, int64_t action_dimension,
                                 uint64_t seed, swiftrl_actor **actor);
/* A PPO actor's action for `observation`: the stored sample (sample_count floats: 1 for discrete
   actions, else the box's dimension), its log-probability, and the action the environment takes
   (action_count floats: the index, or values inside the box). */
int32_t swiftrl_actor_sample(swiftrl_actor *actor, const float *observation, int64_t observation_count, float *sample,
                             int64_t sample_count, float *log_probability, float *action, int64_t action_count);
/* A PPO actor's rollouts: steps in each packet (the configuration's steps_per_env) and packets the
   trainer learns from per version (its num_envs). */
int32_t swiftrl_actor_rollout(swiftrl_actor *actor, int64_t *steps_per_packet, int64_t *packets_per_update);

#endif /* __swift__ */

#ifdef __cplusplus
}
#endif

#endif
