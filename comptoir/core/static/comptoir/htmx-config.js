// htmx settings that keep to the Content-Security-Policy: no inline <style> for its
// indicators (comptoir.css has them), no eval (hx-on, trigger filters, js: values), no
// scripts run from swapped HTML. Set here rather than in a <meta name="htmx-config">
// because pages use that tag for their own responseHandling, and htmx reads only one.
htmx.config.includeIndicatorStyles = false;
htmx.config.allowEval = false;
htmx.config.allowScriptTags = false;
