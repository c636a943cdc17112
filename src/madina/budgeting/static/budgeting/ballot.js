// Shows the total of the ticked projects as the voter ticks them; the server checks the ballot anyway.
(function () {
  document.querySelectorAll("form[data-ballot]").forEach(function (form) {
    var budget = Number(form.dataset.budget);
    var out = form.querySelector("[data-total]");
    var box = form.querySelector(".ballot-total");
    var format = new Intl.NumberFormat((document.documentElement.lang || "fr") + "-TN");
    function update() {
      var total = 0;
      form.querySelectorAll("input[name=projects]:checked").forEach(function (input) {
        total += Number(input.dataset.cost);
      });
      out.textContent = format.format(total);
      box.dataset.over = String(total > budget);
    }
    form.addEventListener("change", update);
    update();
  });
})();
