#pragma once
// One inner problem of a bilevel criterion: a model fitted on some rows, and the term of the
// outer criterion that scores its linear predictor. Hold-out has one task, K-fold CV K of them,
// FDMC-SURE two (y and y + εδ on the same rows).

#include <memory>
#include <span>
#include <stop_token>
#include <string>

#include "core/model.hpp"
#include "core/selection/hyper_objective.hpp"
#include "core/selection/hyper_space.hpp"
#include "core/selection/losses.hpp"
#include "core/solvers/solver.hpp"

namespace lambdascope {

/// What the outer criterion adds for this task, as a function of η_eval = X̃_eval w + b.
enum class OuterTerm {
  Validation,  ///< weight · meanLoss(y_eval, η_eval) on held-out rows
  SureFit,     ///< (1/n)(‖y − η‖² − (2σ²/ε) δᵀη) − σ², on the training rows (η of y)
  SureDof,     ///< (2σ²/(nε)) δᵀη, on the training rows (η of y + εδ)
};

struct InnerTask {
  // The inner problem.
  Dataset train;
  DesignMatrix X;  ///< train.design(prep): implicit centring/scaling of the training rows
  Vec y;           ///< training target in the datafit's coding
  std::unique_ptr<Datafit> datafit;  ///< prepared on (X, y)
  std::unique_ptr<Solver> solver;
  bool fitIntercept = true;
  double nullObjective = 0.0;  ///< P(0), the scale of the inner tolerance
  double lambdaMax = 0.0;      ///< the Lasso's λ_max on these rows (‖X̃ᵀ∇f(null)‖∞)
  Vec nullW;                   ///< the null model (w = 0 but unpenalised features; its intercept)
  double nullIntercept = 0.0;

  // The outer term.
  OuterTerm term = OuterTerm::Validation;
  double weight = 1.0;
  DesignMatrix Xeval;  ///< validation rows under the training centring and scaling (or X)
  Vec yEval;
  ValidationLoss loss = ValidationLoss::Mse;
  Vec delta;  ///< SURE: the Monte-Carlo direction
  double sigma = 0.0;
  double epsilon = 0.0;

  // Warm start between outer steps.
  WarmStart warm;
  bool hasWarm = false;

  /// The term's value and its gradient with respect to η_eval.
  double termValue(CVecRef etaEval, VecRef gradEta) const;
};

struct InnerSolution;
/// Keep an inner solution as the task's next warm start, count its support, and score it: the
/// term's value at η_eval = X_eval·w + b, with the gradient in η_eval left in `gradEta`.
double acceptSolution(InnerTask& task, InnerSolution& solution, Vec& gradEta);

/// Build a task fitting `trainRows` of (data, yCanonical) and scoring `evalRows` by `loss`
/// (empty evalRows: the training rows themselves, for SURE terms).
std::unique_ptr<InnerTask> makeInnerTask(const Dataset& data, const Vec& yCanonical, const ModelSpec& spec,
                                         std::span<const Index> trainRows, std::span<const Index> evalRows,
                                         OuterTerm term, double weight, ValidationLoss loss);

/// An inner solution on the training design's scale.
struct InnerSolution {
  Vec w;
  double intercept = 0.0;
  int epochs = 0;
  Index support = 0;
  bool polished = false;  ///< refined by Newton steps on the support
};

/// The value and hypergradient of one task's term at θ.
struct TaskResult {
  double value = 0.0;
  Vec grad;     ///< d(term)/dθ
  Vec gradEta;  ///< d(term)/dη_eval at the solution
  InnerSolution solution;
};

/// Solve the inner problem (warm-started), polish on the support, and return the term's value,
/// without its gradient (grid and random search).
TaskResult solveTask(InnerTask& task, const HyperSpace& space, const Vec& theta,
                     const HypergradientOptions& options, std::stop_token stop);

/// Implicit differentiation restricted to the support: one |S|(+1)-sized linear system
/// (Bertrand et al. 2020, Alg. "Implicit"), solved by Cholesky (LDLᵀ) or conjugate gradient.
TaskResult implicitHypergradient(InnerTask& task, const HyperSpace& space, const Vec& theta,
                                 const HypergradientOptions& options, std::stop_token stop);

/// Forward-mode differentiation of cyclic coordinate descent: the Jacobian dw/dθ is carried along
/// the iterations (from a warm start, with dw₀/dθ = 0) until both converge.
TaskResult forwardHypergradient(InnerTask& task, const HyperSpace& space, const Vec& theta,
                                const HypergradientOptions& options, std::stop_token stop);

/// Reverse-mode (backward) differentiation of cyclic coordinate descent: the iterations from the
/// null model are recorded, then the adjoint runs back through them (cost independent of dim θ).
TaskResult reverseHypergradient(InnerTask& task, const HyperSpace& space, const Vec& theta,
                                const HypergradientOptions& options, std::stop_token stop);

}  // namespace lambdascope
