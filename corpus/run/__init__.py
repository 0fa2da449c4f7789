"""Running a clean: tasks, their work folder, and the engines that run them."""
